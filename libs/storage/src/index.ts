export { warehouseS3Client } from './s3-client';
export {
  joinLocation,
  localStorage,
  type StorageCallObserver,
  s3Storage,
  type WarehouseStorage,
  warehouseStorage,
} from './storage';
