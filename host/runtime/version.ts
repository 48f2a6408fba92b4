/** The version of the plugin API (`host/api`); plugins state the range they need in `engines.host`. */
export const HOST_API_VERSION = '1.2.0';
