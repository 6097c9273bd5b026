/**
 * Keeps day arithmetic in the calendar module (server/services/calendar.ts):
 * the milliseconds of a day written out (86_400_000, 864e5, 24 * 60 * 60 * 1000,
 * 7 * 24 * 3600_000 …) and Date#setDate / Date#setUTCDate arithmetic are
 * reported everywhere else. Eight copies of "add n days to a YYYY-MM-DD" grew
 * because each was one line; one home means one behaviour for month ends, leap
 * days and bad input. eslint.config.mjs turns the rule off for the calendar file.
 */
const DAY_MS = 86_400_000;

/** The value of a product of number literals (`24 * 3600_000`), or undefined when it is anything else. */
function constantProduct(node) {
  if (node.type === 'Literal' && typeof node.value === 'number') return node.value;
  if (node.type === 'BinaryExpression' && node.operator === '*') {
    const left = constantProduct(node.left);
    const right = constantProduct(node.right);
    return left === undefined || right === undefined ? undefined : left * right;
  }
  return undefined;
}

const isWholeDays = (value) => value !== undefined && value !== 0 && value % DAY_MS === 0;

export default {
  meta: {
    type: 'problem',
    docs: { description: 'day arithmetic only in the calendar module' },
    schema: [],
    messages: {
      dayLiteral:
        'the milliseconds of a day are written out here: import DAY_MS (or addDays, daysBetween, dayOf …) from server/services/calendar.ts, the one home of day arithmetic.',
      setDate:
        'Date#{{method}} arithmetic adds days by hand: use addDays / addMonths / addYears from server/services/calendar.ts, the one home of day arithmetic.',
    },
  },
  create(context) {
    return {
      Literal(node) {
        // Inside a product of literals (3 * 86_400_000) the product is reported once, below.
        const inConstantProduct = node.parent.type === 'BinaryExpression' && node.parent.operator === '*' && constantProduct(node.parent) !== undefined;
        if (node.value === DAY_MS && !inConstantProduct) context.report({ node, messageId: 'dayLiteral' });
      },
      BinaryExpression(node) {
        if (node.operator !== '*' || (node.parent.type === 'BinaryExpression' && node.parent.operator === '*' && constantProduct(node.parent) !== undefined))
          return;
        if (isWholeDays(constantProduct(node))) context.report({ node, messageId: 'dayLiteral' });
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
        const method = callee.property.name;
        if (method === 'setDate' || method === 'setUTCDate') context.report({ node, messageId: 'setDate', data: { method } });
      },
    };
  },
};
