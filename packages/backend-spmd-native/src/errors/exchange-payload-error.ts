import { DataJaxError } from "@datajax/core-ir";

/**
 * Received exchange bytes are not a batch this package encoded (code `DJX_EXCHANGE_BAD_PAYLOAD`):
 * wrong magic or version, or lengths that run past the end. Every rank must run the same
 * @datajax/backend-spmd-native version and call the same collectives in the same order.
 *
 * @example
 * ```ts
 * import { decodeBatch, ExchangePayloadError } from "@datajax/backend-spmd-native";
 *
 * try {
 *   decodeBatch(new Uint8Array(8));
 * } catch (e) {
 *   if (e instanceof ExchangePayloadError) console.error(e.message);
 * }
 * ```
 */
export class ExchangePayloadError extends DataJaxError {
  constructor(message: string) {
    super(
      "DJX_EXCHANGE_BAD_PAYLOAD",
      `${message}. Every rank must run the same @datajax/backend-spmd-native version and call the same collectives in the same order.`,
    );
  }
}
