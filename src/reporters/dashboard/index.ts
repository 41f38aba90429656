// The blessed dashboard reporter (flowstate run --ui, watch --ui, dashboard).
export { MIN_COLS, MIN_ROWS } from './state.js';
export { createDashboard, type Dashboard, type DashboardActions, type DashboardOptions, type QuitChoice } from './dashboard.js';
export { summaryLines } from './summary.js';
export { STAGE_LOOKS, RUN_LOOKS } from './glyphs.js';
