// Used before the root scripts that run built code (migrate, svom, openapi, bench).
import { ensureBuilt, ensureInstalled } from './prepare.mjs';

ensureInstalled();
ensureBuilt();
