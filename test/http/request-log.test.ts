/**
 * The request log costs something on every request (a child logger whose
 * fields are serialised and redacted) even when its lines would be dropped:
 * it runs only when its level (info) is on.
 */
import pino from 'pino';
import request from 'supertest';
import { baseApp } from '../../server/compose';

function appWith(level: string) {
  const lines: string[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(line) });
  const child = jest.spyOn(logger, 'child');
  const app = baseApp({ trustProxy: false }, logger);
  child.mockClear(); // the request log's own logger, made once with the app
  app.get('/s/:token', (req, res) => res.type('text').send(req.log === logger ? 'app logger' : 'request logger'));
  return { app, logger, lines, child };
}

test('above info, a request builds no request logger and writes no line; req.log is the app logger', async () => {
  const { app, lines, child } = appWith('warn');
  const res = await request(app).get('/s/secret-token-1');
  expect(res.text).toBe('app logger');
  expect(child).not.toHaveBeenCalled();
  expect(lines).toEqual([]);
});

test('at info, each request writes one line with its secret path masked, and req.log carries the request', async () => {
  const { app, lines, child } = appWith('info');
  const res = await request(app).get('/s/secret-token-2');
  expect(res.text).toBe('request logger');
  expect(child).toHaveBeenCalled();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('/s/:secret');
  expect(lines[0]).not.toContain('secret-token-2');
});
