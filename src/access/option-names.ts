import type { AppServiceAccountOptions } from './app-service-account';
import { namesOf } from '../core/near-names';

/*
 * The names of the options of an application's ServiceAccount, for the patterns, which take them as `access`: to
 * report a refusal of the ServiceAccount against the option written (`access.grants[0].verbs`) and to tell a misspelt
 * one of an untyped caller. Checked against the interface when the library compiles. Internal.
 */

export const ACCESS_OPTIONS = namesOf<AppServiceAccountOptions>({
  name: true,
  workloadIdentity: true,
  automountToken: true,
  grants: true,
  relax: true,
});
