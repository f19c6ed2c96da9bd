export {
  ConnectionNotFoundError,
  ConnectionSecrets,
  connectionSecretPath,
  SecretsUnavailableError,
  type ConnectionSecretsOptions,
} from './connection-secrets.js';
