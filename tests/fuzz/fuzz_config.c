/*
 * fuzz_config.c - libFuzzer harness for loading a plugin's INI: any bytes
 * as the config file, loaded and handed to the plugin's create, which must
 * accept it or refuse it with a message, never crash or leak.  Built once
 * per shipped plugin, with the plugin's source compiled in (FUZZ_PLUGIN).
 */
#include <stdint.h>
#include <stdlib.h>

#include "config.h"
#include "fuzz.h"
#include FUZZ_PLUGIN /* the plugin under test, compiled in */
#include "host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_file(data, size), err[1024];
	const assess_plugin *p = ASSESS_ENTRY();
	assess_config *cfg;
	void *state = NULL;

	if (config_load(path, &cfg, err, sizeof err) == 0) {
		if (p->create(&host_table, cfg, &state) == ASSESS_OK) {
			config_check_unused(cfg);
			p->destroy(state);
		}
		config_free(cfg);
	}
	fuzz_unlink(path);
	return 0;
}
