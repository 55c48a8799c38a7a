import { globalMartSchemaScript } from './source';

describe('the GlobalMart schema for a database of another name', () => {
  it('creates and uses that database and no other', () => {
    const script = globalMartSchemaScript('gm_world_1');
    expect(script).toMatch(/^CREATE DATABASE IF NOT EXISTS `gm_world_1` CHARACTER SET/m);
    expect(script).toMatch(/^USE `gm_world_1`;$/m);
    expect(script).not.toMatch(/\b(CREATE DATABASE|USE)\b[^;]*\bglobalmart\b/);
    expect(script.match(/CREATE TABLE IF NOT EXISTS/g)?.length).toBeGreaterThanOrEqual(10);
  });

  it('refuses a name SQL would have to quote', () => {
    expect(() => globalMartSchemaScript('gm-world')).toThrow(/letters, digits and _/);
    expect(() => globalMartSchemaScript('gm`; DROP DATABASE globalmart; --')).toThrow(
      /letters, digits and _/,
    );
  });
});
