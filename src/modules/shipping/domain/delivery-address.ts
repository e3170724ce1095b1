/** Where the parcel goes; a copy of the order's shipping address, taken when the order was confirmed. */
export interface DeliveryAddress {
  readonly name: string;
  readonly line1: string;
  readonly line2: string | null;
  readonly city: string;
  readonly postalCode: string;
  readonly country: string;
}
