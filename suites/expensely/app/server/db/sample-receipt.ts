/** A tiny generated receipt image (24×32 grayscale PNG) used for the seeded expenses. */
export const SAMPLE_RECEIPT_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAgCAAAAAAtNefkAAAAJElEQVR42mNYgAMwLPiPFYAlojAAVAKnDtIlRu0YtYOOduAAAHEoeDsZsslNAAAAAElFTkSuQmCC',
  'base64',
);
