import { createContext, useContext } from 'react';

/** A member of the workspace, as the members list gives it. */
export interface Member {
  userId: string;
  displayName: string;
  email: string;
  role: string;
}

/**
 * What the page can offer the generated params form beyond the schema (see `ParamWidget` in
 * @bizosaas/shared). Empty on a canvas without a workspace (scratch): fields then fall back to
 * their default controls.
 */
export interface ParamWidgets {
  members?: readonly Member[];
  /**
   * A param's choices from the vendor, through a connection (`connections.options`): for params
   * whose schema names an option list (`.meta({ options: 'channels' })`).
   */
  loadOptions?(connectionId: string, loader: string, search: string): Promise<VendorOption[]>;
}

export interface VendorOption {
  value: string;
  label: string;
}

/** The connection of the node whose params are shown: its option lists are loaded through it. */
export const NodeConnectionContext = createContext<string | undefined>(undefined);

export const ParamWidgetsContext = createContext<ParamWidgets>({});
export const useParamWidgets = () => useContext(ParamWidgetsContext);
