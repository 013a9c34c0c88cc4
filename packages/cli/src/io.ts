/** What the CLI may touch of its process, passed in so tests can capture it. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** whether stderr is an interactive terminal (progress lines are shown only then) */
  stderrIsTTY: boolean;
  /** reads standard input fully (for the file name `-`) */
  readStdin: () => string;
  /** milliseconds, for progress display only; never reaches the engine */
  now: () => number;
}
