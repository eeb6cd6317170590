/** The task paths the crash worker runs in each pipeline run (shared with the test). */
export const TASKS = [
  'ingest',
  'split',
  'features',
  'loop/iteration-0/train',
  'loop/iteration-1/train',
  'report',
];
