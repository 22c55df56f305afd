import { backupCommands } from './commands/backup';
import { bundleCommands } from './commands/bundles';
import { conflictCommands } from './commands/conflicts';
import { coreCommands } from './commands/core';
import { deliveryCommands } from './commands/delivery';
import { historyCommands } from './commands/history';
import { interchangeCommands } from './commands/interchange';
import { workshopCommands } from './commands/workshops';
import type { CommandTable } from './types';

/** Every CLI command. Each feature adds its own table here. */
export const commands: CommandTable = {
  ...coreCommands,
  ...backupCommands,
  ...bundleCommands,
  ...interchangeCommands,
  ...workshopCommands,
  ...conflictCommands,
  ...deliveryCommands,
  ...historyCommands,
};
