/**
 * A package that jest loads only when a suite first uses it. Jest evaluates every
 * module again for each suite (its own registry per file), and four packages the app
 * imports cost about 1.5 s of CPU per suite (playwright-core 0.7 s, exceljs 0.6 s,
 * nodemailer 0.2 s, measured) while most suites never render a PDF, write a workbook
 * or build a mail transport. The server now loads these (and mongodb, jieba, sharp,
 * socket.io, qrcode) on first use itself; the mapping still covers the test helpers
 * that import them.
 * jest.config.js maps each of them (moduleNameMapper) to its file in lazy/, which
 * returns this stand-in: the first property read loads the real package, and every
 * read after that is the real package's.
 */
import path from 'node:path';

/** The package's folder: its bare name would map back to the stand-in. */
export const packageDir = (name: string): string => path.dirname(require.resolve(`${name}/package.json`));

/**
 * `name` loaded on first use; `esModule` is what the real package says its `__esModule` is (TypeScript's import helpers read it before anything else).
 * `loadReal` loads the package itself, by default through jest's require (evaluated again for each suite).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loading on first use is the point
export function lazyModule(name: string, esModule: boolean, loadReal: () => unknown = () => require(packageDir(name))): object {
  let real: Record<PropertyKey, unknown> | undefined;
  // A synchronous load, as the import it stands for was.
  const load = () => (real ??= loadReal() as Record<PropertyKey, unknown>);
  return new Proxy(
    {},
    {
      get: (_target, key) => (key === '__esModule' ? esModule || undefined : load()[key]),
      has: (_target, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        // A proxy may not report a property as non-configurable unless its (empty) target has it.
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}
