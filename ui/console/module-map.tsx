import type { components } from '../api/tessera-api.js';

export type ModuleEntry = components['schemas']['ModuleOverviewEntryResponse'];

const BOX = { width: 168, height: 64 };
const GAP = { x: 120, y: 36 };
const PAD = 24;

interface Placed {
  readonly module: ModuleEntry;
  readonly x: number;
  readonly y: number;
}

interface Arrow {
  readonly from: string;
  readonly to: string;
  readonly kind: 'calls' | 'events';
  readonly label: string;
}

/**
 * The deployment drawn from the module declarations: a box per module (where it runs, whether it answers), a solid
 * arrow from a module to each one whose facade it calls, a dashed arrow from a publisher to each consumer of its
 * events. Callers stand left of what they call. The table beside it says the same in words.
 */
export function ModuleMap({ modules }: { modules: readonly ModuleEntry[] }) {
  const placed = layout(modules);
  const at = new Map(placed.map((node) => [node.module.name, node]));
  const arrows = arrowsOf(modules);
  const width = Math.max(...placed.map((node) => node.x)) + BOX.width + PAD;
  const height = Math.max(...placed.map((node) => node.y)) + BOX.height + PAD;
  return (
    <figure class="module-map">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Module map: ${modules.map((module) => `${module.name} (${module.runs}, ${module.health})`).join(', ')}`}
      >
        <defs>
          <marker
            id="arrow-calls"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" class="arrow-calls-head" />
          </marker>
          <marker
            id="arrow-events"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" class="arrow-events-head" />
          </marker>
        </defs>
        {arrows.map((arrow) => {
          const from = at.get(arrow.from);
          const to = at.get(arrow.to);
          if (!from || !to) return null;
          return (
            <path
              key={`${arrow.kind}:${arrow.from}:${arrow.to}`}
              d={curve(from, to, arrow.kind)}
              class={`arrow arrow-${arrow.kind}`}
              marker-end={`url(#arrow-${arrow.kind})`}
            >
              <title>{arrow.label}</title>
            </path>
          );
        })}
        {placed.map(({ module, x, y }) => (
          <g
            key={module.name}
            class={`node node-${module.runs} health-${module.health}`}
            transform={`translate(${x} ${y})`}
          >
            <rect width={BOX.width} height={BOX.height} rx="8" />
            <circle cx={BOX.width - 16} cy={16} r={6} class="dot" />
            <text x={12} y={24} class="node-name">
              {module.name}
            </text>
            <text x={12} y={46} class="node-runs">
              {module.runs === 'in-process' ? 'in process' : module.runs}
              {module.version ? ` · v${module.version}` : ''}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        <span class="legend legend-calls">calls its facade</span>
        <span class="legend legend-events">sends it events</span>
      </figcaption>
    </figure>
  );
}

/** Columns by how deep a module's dependencies go: those that call nothing on the right. */
function layout(modules: readonly ModuleEntry[]): Placed[] {
  const byName = new Map(modules.map((module) => [module.name, module]));
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen = new Set<string>()): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0; // declarations are acyclic (npm run arch); never loop on a bad one
    seen.add(name);
    const calls = byName.get(name)?.dependsOn.filter((other) => byName.has(other)) ?? [];
    const value = calls.length === 0 ? 0 : 1 + Math.max(...calls.map((other) => depthOf(other, seen)));
    depth.set(name, value);
    return value;
  };
  const deepest = Math.max(0, ...modules.map((module) => depthOf(module.name)));
  const rows = new Map<number, number>();
  return modules.map((module) => {
    const column = deepest - depthOf(module.name);
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    return { module, x: PAD + column * (BOX.width + GAP.x), y: PAD + row * (BOX.height + GAP.y) };
  });
}

function arrowsOf(modules: readonly ModuleEntry[]): Arrow[] {
  const calls = modules.flatMap((module) =>
    module.dependsOn.map((other): Arrow => ({
      from: module.name,
      to: other,
      kind: 'calls',
      label: `${module.name} calls ${other}`,
    })),
  );
  const publisherOf = new Map(
    modules.flatMap((module) => module.publishes.map((type) => [type, module.name] as const)),
  );
  const flows = new Map<string, string[]>();
  for (const consumer of modules)
    for (const type of consumer.consumes) {
      const publisher = publisherOf.get(type);
      if (publisher === undefined || publisher === consumer.name) continue;
      const key = `${publisher}→${consumer.name}`;
      flows.set(key, [...(flows.get(key) ?? []), type]);
    }
  const events = [...flows].map(([key, types]): Arrow => {
    const [from, to] = key.split('→');
    return { from, to, kind: 'events', label: `${from} → ${to}: ${types.join(', ')}` };
  });
  return [...calls, ...events];
}

/** From the edge of one box to the edge of the other, bowed to one side so that opposite arrows do not overlap. */
function curve(from: Placed, to: Placed, kind: Arrow['kind']): string {
  const centre = (node: Placed) => ({ x: node.x + BOX.width / 2, y: node.y + BOX.height / 2 });
  const a = centre(from);
  const b = centre(to);
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  const edge = (point: { x: number; y: number }, sx: number, sy: number) => {
    // Leave the box where the line to the other centre crosses its border.
    const scale = Math.min(BOX.width / 2 / Math.abs(sx || 1e-9), BOX.height / 2 / Math.abs(sy || 1e-9));
    return { x: point.x + sx * scale, y: point.y + sy * scale };
  };
  const bow = kind === 'calls' ? 0 : 28;
  const start = edge(a, dx / length, dy / length);
  const end = edge(b, -dx / length, -dy / length);
  const control = { x: (start.x + end.x) / 2 - (dy / length) * bow, y: (start.y + end.y) / 2 + (dx / length) * bow };
  return `M${start.x},${start.y} Q${control.x},${control.y} ${end.x},${end.y}`;
}
