export { FileStorageEngine, type FileStorageEngineOptions } from './file-storage-engine.js';
export { CorruptFileError } from './atomic-json-file.js';
