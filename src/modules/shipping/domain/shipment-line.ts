/** What goes in the parcel: a product and how many, as the confirmed order had them. */
export interface ShipmentLine {
  readonly productId: string;
  readonly quantity: number;
}
