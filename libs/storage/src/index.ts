export { envLocation, lazyS3Client, type S3Settings, s3EnvShape } from './env';
export { warehouseS3Client } from './s3-client';
export {
  joinLocation,
  localStorage,
  type StorageCallObserver,
  type StoredObject,
  s3Storage,
  type WarehouseStorage,
  warehouseStorage,
} from './storage';
