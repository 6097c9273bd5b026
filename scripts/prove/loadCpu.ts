/**
 * Whose CPU a load run used: the server's (its process and every app process
 * it forked, WORKERS=N) and the load generator's own. On a 2-core machine a
 * generator that takes much of a core caps the server, so the load proof
 * prints both beside the rate it reached.
 */
import fs from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU milliseconds used so far by a process and all its descendants; null where /proc is missing (not Linux). */
export function processTreeCpuMs(rootPid: number): number | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // The command name (field 2) may hold spaces: the fields after it start at the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(f[1]);
    ticks.set(pid, Number(f[11]) + Number(f[12])); // utime + stime
    (children.get(ppid) ?? children.set(ppid, []).get(ppid)!).push(pid);
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += ticks.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return (total * 1000) / TICKS_PER_SECOND;
}

export interface CpuSplit {
  /** Server CPU per acknowledged submission, ms (null without /proc). */
  serverMsPerSubmission: number | null;
  /** Server CPU per HTTP request, ms (a call and a visit take two requests each). */
  serverMsPerRequest: number | null;
  /** Share of one core over the run. */
  serverShare: number | null;
  generatorShare: number;
  generatorMsPerRequest: number;
  /** The machine's 1-minute load average at the start and at the end. */
  loadAverage: [number, number];
}

/** Starts counting; `stop` gives the split over the interval. */
export function measureCpu(serverPid: number): { stop(submissions: number, requests: number): CpuSplit } {
  const started = performance.now();
  const server0 = processTreeCpuMs(serverPid);
  const own0 = process.cpuUsage();
  const load0 = os.loadavg()[0]!;
  return {
    stop(submissions, requests) {
      const wallMs = performance.now() - started;
      const server1 = processTreeCpuMs(serverPid);
      const own = process.cpuUsage(own0);
      const ownMs = (own.user + own.system) / 1000;
      const serverMs = server0 === null || server1 === null ? null : server1 - server0;
      return {
        serverMsPerSubmission: serverMs === null ? null : serverMs / Math.max(1, submissions),
        serverMsPerRequest: serverMs === null ? null : serverMs / Math.max(1, requests),
        serverShare: serverMs === null ? null : serverMs / wallMs,
        generatorShare: ownMs / wallMs,
        generatorMsPerRequest: ownMs / Math.max(1, requests),
        loadAverage: [load0, os.loadavg()[0]!],
      };
    },
  };
}
