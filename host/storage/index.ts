export { FileStorageEngine, type FileStorageEngineOptions } from './file-storage-engine.js';
export { CorruptFileError } from './atomic-json-file.js';
export { openStorageEngine, type OpenStorageOptions } from './open-storage-engine.js';
export { isPostgresUrl, redactPostgresUrl } from './postgres/postgres-location.js';
export { PostgresStorageEngine, type PostgresStorageOptions } from './postgres/postgres-storage-engine.js';
export { StorageUnavailableError, type StorageEngine, type StoredCollection } from './storage-engine.js';
