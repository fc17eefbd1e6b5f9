// The webview's side of the channel to the extension host, and its persisted state.
import type { DashboardState, FromWebviewMessage } from '../protocol';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): DashboardState | undefined;
  setState(state: DashboardState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: FromWebviewMessage): void {
  api.postMessage(message);
}

let state: DashboardState = api.getState() ?? {};

export function savedState(): DashboardState {
  return state;
}

/** Merges `patch` into the state VS Code restores after a reload. */
export function saveState(patch: Partial<DashboardState>): void {
  state = { ...state, ...patch };
  api.setState(state);
}
