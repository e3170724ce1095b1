import { consumedEventTypes, type IntegrationEventHandlerClass } from '../messaging/index.js';
import type { ModuleDefinition } from './module-definition.js';

/**
 * A module's event handlers, checked against what its definition says it consumes: a handler for an
 * undeclared event, or a declared event nobody handles, stops the module from loading at all.
 */
export function declaredHandlers<const H extends readonly IntegrationEventHandlerClass[]>(
  definition: ModuleDefinition,
  ...handlers: H
): H {
  const handled = new Set(consumedEventTypes(handlers));
  const declared = new Set(definition.consumes);
  const undeclared = [...handled].filter((type) => !declared.has(type));
  const unhandled = [...declared].filter((type) => !handled.has(type));
  if (undeclared.length > 0 || unhandled.length > 0) {
    throw new Error(
      `${definition.name}.module-definition.ts must list in "consumes" exactly the events its handlers read` +
        (undeclared.length > 0 ? `; handled but not declared: ${undeclared.join(', ')}` : '') +
        (unhandled.length > 0 ? `; declared but not handled: ${unhandled.join(', ')}` : ''),
    );
  }
  return handlers;
}
