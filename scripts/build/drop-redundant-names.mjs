// esbuild's keepNames wraps every named function in `__name(fn, "name")`, which
// redefines the function's `name` each time the function is created — also for
// the closures frameworks create on every request (Nest's execution contexts and
// route handlers, class-validator's filters). A profile of the read routes put
// 3–5 % of their CPU there. Where JavaScript names the function by itself, the
// wrapper is dropped; everywhere else (renamed top-level bindings, classes) it stays.
import { parse } from 'acorn';
import { ancestor } from 'acorn-walk';

/**
 * `const x = __name(() => …, "x")`, `{ x: __name(() => …, "x") }`,
 * `class { x = __name(() => …, "x") }` and `x = __name(() => …, "x")` name an
 * anonymous function "x" without the call (named evaluation, ECMA-262 §8.4.5),
 * so they become `const x = (() => …)` and so on. Returns the new code and how many were dropped.
 */
export function dropRedundantNames(code) {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
  const edits = [];
  ancestor(program, {
    CallExpression(call, _state, ancestors) {
      if (call.callee.type !== 'Identifier' || call.callee.name !== '__name' || call.arguments.length !== 2) return;
      const [target, label] = call.arguments;
      if (label.type !== 'Literal' || typeof label.value !== 'string') return;
      const anonymous =
        (target.type === 'ArrowFunctionExpression' ||
          target.type === 'FunctionExpression' ||
          target.type === 'ClassExpression') &&
        !target.id;
      if (!anonymous || definesStaticName(target)) return;
      const parent = ancestors[ancestors.length - 2];
      if (!parent || !namesItsValue(parent, call, label.value)) return;
      // `__name(` becomes `(` and `, "x")` becomes `)`: two cuts outside the function's own text,
      // so wrappers inside it (nested closures) are cut independently.
      edits.push({ start: call.start, end: target.start, text: '(' }, { start: target.end, end: call.end, text: ')' });
    },
  });
  edits.sort((a, b) => a.start - b.start);
  const pieces = [];
  let at = 0;
  for (const edit of edits) {
    pieces.push(code.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  pieces.push(code.slice(at));
  return { code: pieces.join(''), dropped: edits.length / 2 };
}

/** A class with a static `name` member of its own: `__name` overrides it afterwards, inference would not. */
function definesStaticName(target) {
  if (target.type !== 'ClassExpression') return false;
  return target.body.body.some(
    (member) =>
      member.static &&
      (member.computed ||
        (member.key.type === 'Identifier' && member.key.name === 'name') ||
        (member.key.type === 'Literal' && member.key.value === 'name')),
  );
}

/** Whether `parent` gives the anonymous function `value` the name `name` by itself. */
function namesItsValue(parent, value, name) {
  const keyIs = (key, computed) =>
    !computed && ((key.type === 'Identifier' && key.name === name) || (key.type === 'Literal' && key.value === name));
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === value && parent.id.type === 'Identifier' && parent.id.name === name;
    case 'Property':
      return (
        parent.value === value &&
        parent.kind === 'init' &&
        !parent.method &&
        !parent.shorthand &&
        keyIs(parent.key, parent.computed)
      );
    case 'PropertyDefinition':
      return parent.value === value && keyIs(parent.key, parent.computed);
    case 'AssignmentExpression':
      return (
        parent.right === value &&
        parent.operator === '=' &&
        parent.left.type === 'Identifier' &&
        parent.left.name === name
      );
    default:
      return false;
  }
}
