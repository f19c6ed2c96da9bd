export { codecKeyFromBase64, CodecKeyError, type CodecKey, type CodecKeyring } from './keys.js';
export {
  EncryptionCodec,
  PayloadDecryptionError,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA_KEY,
} from './encryption-codec.js';
export { createDataConverter, failureConverterPath } from './data-converter.js';
export { failureConverter } from './failure-converter.js';
export { createJsonSealer, type JsonSealer, type SealedJson } from './sealed-json.js';
