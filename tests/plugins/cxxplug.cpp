// cxxplug.cpp - a scheme plugin in C++, to hold that the public headers
// are extern "C" clean and that a C++ plugin loads and passes
// --check-plugin.  Scores a record by counting its scores.
#include <assess/assess.h>
#include <assess/scheme.h>

#include <string>
#include <vector>

namespace {

struct state {
	const assess_host *h;
	std::vector<std::string> ids; // kept for finish, as a real one might
};

int create(const assess_host *h, const assess_config *, void **out)
{
	*out = new state{ h, {} };
	return ASSESS_OK;
}

int assess(void *p, const assess_record *rec, assess_result *res)
{
	state *s = static_cast<state *>(p);
	int n = s->h->record_count(rec, "scores");
	double total = 0, v;

	if (s->h->record_type(rec, "scores") != ASSESS_TYPE_OBJECT)
		return s->h->reject(res, "scores", "must be an object");

	for (int i = 0; i < n; i++) {
		std::string path = std::string("scores.") +
		                   s->h->record_key(rec, "scores", i);
		if (assess_score_read(s->h, rec, res, path.c_str(), 100, &v) ==
		    ASSESS_EREJECT)
			return ASSESS_EREJECT;
		total += v;
	}
	s->ids.push_back(s->h->record_id(rec));
	s->h->put_number(s->h->result_node(res), "score",
	                 assess_dec_round(total, 2));
	return ASSESS_OK;
}

int finish(void *p, assess_node *summary)
{
	state *s = static_cast<state *>(p);
	s->h->put_int(summary, "kept", static_cast<long long>(s->ids.size()));
	return ASSESS_OK;
}

void destroy(void *p)
{
	delete static_cast<state *>(p);
}

const assess_plugin plugin = {
	sizeof(assess_plugin), ASSESS_ABI_VERSION, "cxxplug", "1.0.0",
	"a C++ plugin", nullptr, create, assess, finish, nullptr, destroy,
};

} // namespace

extern "C" ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &plugin;
}
