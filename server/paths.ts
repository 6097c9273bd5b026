/**
 * Folders the server reads at run time. Sources run from server/ (tests) and
 * compiled code from dist/server/, so both find the repository root the same way.
 */
import fs from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  // dist/ has no package.json, so this lands on the repository root from either place.
  return dir;
}

export const repoRoot = findRoot(__dirname);
export const viewsDir = path.join(repoRoot, 'server', 'views');
export const clientDir = path.join(repoRoot, 'client');
export const surveysDir = path.join(repoRoot, 'surveys');
