/** An order's or a shipment's status, coloured by how it is going (the text says it; colour only helps). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`status status-${status.toLowerCase()}`}>{status}</span>;
}
