// The one import of blessed: swap in a maintained fork (e.g. neo-blessed) by changing this line.
import blessed from 'blessed';

export { blessed };
export type { Widgets } from 'blessed';
