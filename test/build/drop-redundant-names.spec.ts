import { runInNewContext } from 'node:vm';
// @ts-expect-error -- a build script in plain JavaScript, without type declarations
import { dropRedundantNames } from '../../scripts/build/drop-redundant-names.mjs';

const HELPER =
  'var __defProp = Object.defineProperty; var __name = (target, value) => target.name === value ? target : __defProp(target, "name", { value, configurable: true });';

/** Runs bundle-like code and returns the names its functions end up with. */
function namesAfter(code: string): Record<string, string> {
  return runInNewContext(`${HELPER}\n${code}\nnames;`) as Record<string, string>;
}

describe('dropping redundant __name wrappers from the bundle', () => {
  const source = [
    'var makeHandler = () => { const handler = __name((request) => request, "handler"); return handler; };',
    'var context = { getRequest: __name(() => 1, "getRequest"), "getResponse": __name(function() { return 2; }, "getResponse") };',
    'class Holder { field = __name(() => 3, "field"); static shared = __name(() => 4, "shared"); }',
    'var assigned; assigned = __name(async () => 5, "assigned");',
    // Must keep their wrappers: a renamed binding, a computed key, a class naming itself, an already named function (a nested wrapper inside it still goes).
    'var parse7 = __name(function() { return 6; }, "parse");',
    'var key = "computed"; var computedHolder = { [key]: __name(() => 7, "other") };',
    'var Custom = __name(class { static name = "custom"; }, "Custom");',
    'var named = __name(function inner() { const nested = __name(() => 8, "nested"); return nested; }, "named");',
    'var names = { handler: makeHandler().name, getRequest: context.getRequest.name, getResponse: context.getResponse.name, field: new Holder().field.name,',
    '  shared: Holder.shared.name, assigned: assigned.name, parse7: parse7.name, computed: computedHolder.computed.name, named: named.name, nested: named().name,',
    '  Custom: Custom.name };',
  ].join('\n');

  it('leaves every function with the name it had', () => {
    const { code } = dropRedundantNames(source) as { code: string };
    expect(namesAfter(code)).toEqual(namesAfter(source));
    expect(namesAfter(code)).toEqual({
      handler: 'handler',
      getRequest: 'getRequest',
      getResponse: 'getResponse',
      field: 'field',
      shared: 'shared',
      assigned: 'assigned',
      parse7: 'parse',
      computed: 'other',
      named: 'named',
      nested: 'nested',
      Custom: 'Custom',
    });
  });

  it('drops only the wrappers JavaScript makes redundant, keeping lines where they were', () => {
    const { code, dropped } = dropRedundantNames(source) as { code: string; dropped: number };
    // handler, getRequest, getResponse, field, shared, assigned, nested
    expect(dropped).toBe(7);
    expect(code).toContain('__name(function() { return 6; }, "parse")');
    expect(code).toContain('__name(() => 7, "other")');
    expect(code).toContain('__name(function inner()');
    expect(code).toContain('__name(class { static name = "custom"; }, "Custom")');
    expect(code).toContain('const nested = (() => 8)');
    expect(code.split('\n')).toHaveLength(source.split('\n').length);
  });
});
