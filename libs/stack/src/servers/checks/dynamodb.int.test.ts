import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { loadStackConfig } from '../../config';
import { uniqueName } from '../../names';
import { localDynamoDbClient } from '../parts/dynamodb';

const config = loadStackConfig();

describe('DynamoDB Local', () => {
  const client = localDynamoDbClient(config);
  const TableName = uniqueName('check-items');

  beforeAll(async () => {
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
  });
  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName }));
    client.destroy();
  });

  it('writes an item with a nested attribute map and reads it back', async () => {
    const Item = {
      pk: { S: 'TENANT#acme#SKU#ACME-0001' },
      sk: { S: 'PRODUCT' },
      attributes: { M: { ram_gb: { N: '16' }, cpu: { S: 'M3' } } },
      sourcePosition: { N: '1200' },
    };
    await client.send(new PutItemCommand({ TableName, Item }));
    const read = await client.send(new GetItemCommand({ TableName, Key: { pk: Item.pk, sk: Item.sk } }));
    expect(read.Item).toEqual(Item);
  });

  it('refuses a conditional write whose source position is older than the stored one', async () => {
    const key = { pk: { S: 'TENANT#acme#SKU#ACME-0002' }, sk: { S: 'STOCK#W1' } };
    const put = (position: number, onHand: number) =>
      client.send(
        new PutItemCommand({
          TableName,
          Item: { ...key, onHand: { N: String(onHand) }, sourcePosition: { N: String(position) } },
          ConditionExpression: 'attribute_not_exists(pk) OR sourcePosition < :p',
          ExpressionAttributeValues: { ':p': { N: String(position) } },
        }),
      );
    await put(10, 5);
    await expect(put(9, 99)).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const read = await client.send(new GetItemCommand({ TableName, Key: key }));
    expect(read.Item?.onHand).toEqual({ N: '5' });
  });
});
