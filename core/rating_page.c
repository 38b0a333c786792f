#include "autoconfig.h"

#include "api.h"

/* Not built yet: no routes. */
const struct cks_api_route cks_api_rating_page_routes[] = {
	{ NULL, NULL, 0, NULL },
};
