import { getMetadataStorage, ValidationTypes } from 'class-validator';

const isThenable = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** Whether an instance passes its class's rules; `undefined` when it cannot tell here (a rule answered asynchronously). */
export type CompiledRules = (entity: object) => boolean | undefined;

interface PropertyRules {
  readonly property: string;
  /** `@IsOptional()`, `@ValidateIf()`: the property's other rules apply only when all of these hold. */
  readonly conditions: readonly ((entity: object, value: unknown) => boolean)[];
  readonly checks: readonly ((entity: object, value: unknown) => unknown)[];
}

const compiled = new WeakMap<object, CompiledRules | null>();

/**
 * The class-validator rules of a DTO class as one function, for the pipe's fast path: it answers what
 * `validate()` with `whitelist` and `forbidNonWhitelisted` would (valid or not), calling the same constraint
 * functions, without walking the metadata or building errors on every request. Only flat DTOs are compiled;
 * for a class with a rule of another kind (nested, `each`, async, groups) it returns `null`.
 */
export function compiledRules(metatype: abstract new (...args: never[]) => unknown): CompiledRules | null {
  let rules = compiled.get(metatype);
  if (rules === undefined) compiled.set(metatype, (rules = compile(metatype)));
  return rules;
}

function compile(metatype: abstract new (...args: never[]) => unknown): CompiledRules | null {
  const storage = getMetadataStorage();
  // As class-validator's executor asks for them, with no groups and `always` off.
  const metadatas = storage.getTargetValidationMetadatas(metatype, '', false, false);
  if (metadatas.length === 0) return null;
  const properties: PropertyRules[] = [];
  for (const [property, rules] of Object.entries(storage.groupByPropertyName(metadatas))) {
    const conditions: PropertyRules['conditions'][number][] = [];
    const checks: PropertyRules['checks'][number][] = [];
    for (const rule of rules) {
      if (rule.groups?.length || rule.always !== undefined || rule.each) return null;
      if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        conditions.push(rule.constraints[0] as (entity: object, value: unknown) => boolean);
      } else if (rule.type === ValidationTypes.CUSTOM_VALIDATION) {
        const { validateIf, constraints } = rule;
        for (const constraint of storage.getTargetValidatorConstraints(rule.constraintCls)) {
          if (constraint.async) return null;
          const { instance } = constraint;
          checks.push((entity, value) => {
            if (validateIf && !validateIf(entity, value)) return true;
            return instance.validate(value, {
              targetName: entity.constructor.name,
              property: rule.propertyName,
              object: entity,
              value,
              constraints,
            });
          });
        }
      } else {
        return null;
      }
    }
    properties.push({ property, conditions, checks });
  }
  const known = new Set(properties.map((rules) => rules.property));
  return (entity) => {
    for (const key of Object.keys(entity)) if (!known.has(key)) return false;
    for (const { property, conditions, checks } of properties) {
      const value = (entity as Record<string, unknown>)[property];
      if (!conditions.every((condition) => condition(entity, value))) continue;
      for (const check of checks) {
        const passed = check(entity, value);
        if (isThenable(passed)) return undefined;
        if (!passed) return false;
      }
    }
    return true;
  };
}
