import { tsDeclarations } from './typescript';

describe('tsDeclarations', () => {
  it('declares the outer record first, then the named types inside it', () => {
    const text = tsDeclarations({
      type: 'record',
      name: 'Envelope',
      namespace: 'x',
      doc: 'An envelope.',
      fields: [
        { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['a', 'b'] } },
        { name: 'tags', type: { type: 'array', items: ['null', 'string'] } },
        { name: 'sizes', type: { type: 'map', values: 'int' } },
        { name: 'again', type: ['null', 'x.Kind'], default: null },
        { name: 'raw', type: 'bytes' },
        { name: 'big', type: { type: 'long' } },
      ],
    });
    expect(text).toBe(
      [
        '/** An envelope. */',
        'export interface Envelope {',
        '  kind: Kind;',
        '  tags: (string | null)[];',
        '  sizes: Record<string, number>;',
        '  again: Kind | null;',
        '  raw: Buffer;',
        '  big: bigint;',
        '}',
        '',
        "export type Kind = 'a' | 'b';",
      ].join('\n'),
    );
  });

  it('turns the placeholder into a type parameter of every record that holds it', () => {
    const text = tsDeclarations(
      {
        type: 'record',
        name: 'Outer',
        namespace: 'x',
        fields: [
          {
            name: 'inner',
            type: { type: 'record', name: 'Inner', fields: [{ name: 'row', type: ['null', 'x.Row'] }] },
          },
          { name: 'same', type: 'Inner' },
        ],
      },
      { placeholder: 'x.Row', name: 'Row' },
    );
    expect(text).toContain('export interface Outer<Row> {\n  inner: Inner<Row>;\n  same: Inner<Row>;\n}');
    expect(text).toContain('export interface Inner<Row> {\n  row: Row | null;\n}');
  });

  it('refuses a reference to a type it has not seen', () => {
    expect(() =>
      tsDeclarations({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'Missing' }] }),
    ).toThrow('Missing is used before it is defined');
  });
});
