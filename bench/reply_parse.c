/* Parses every file of a maildir's new/ in this process -- MIME, charsets,
 * quote cutting and answer recognition, no store -- and prints how many
 * replies per second that is.  The parse-alone half of bench/reply_bench.sh. */
#include "autoconfig.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "answer.h"
#include "mailparse.h"
#include "reply.h"

static const struct cks_rating_option scale[] = {
	{ 1, { "ประทับใจ", "Impressed" }, 1, NULL, NULL },
	{ 2, { "พึงพอใจ", "Satisfied" }, 1, NULL, NULL },
	{ 3, { "ไม่พึงพอใจ", "Not satisfied" }, 0, NULL, NULL },
};
static const struct cks_step step = { "s", CKS_ACTOR_AGENT, { "ก", "a" },
	CKS_DURATION_NONE, CKS_DURATION_NONE, 1, 0 };
static const struct cks_channel_plugin channel = {
	CKS_PLUGIN_HEADER, .id = "hotline1169", .name = { "ก", "a" },
	.steps = &step, .step_count = 1, .scale = scale, .scale_count = 3,
	.target_percent = 85,
};

static char *
slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1)) != NULL) {
		*size = fread(data, 1, (size_t)n, f);
		data[*size] = '\0';
	}
	fclose(f);
	return data;
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	long files = 0, answers = 0;
	char path[4096];
	struct dirent *e;
	DIR *d;

	if (argc != 2) {
		fprintf(stderr, "usage: reply_parse MAILDIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/new", argv[1]);
	if ((d = opendir(path)) == NULL) {
		perror(path);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((e = readdir(d)) != NULL) {
		struct cks_parsed_mail *m = NULL;
		struct cks_answer answer;
		struct cks_error err;
		char *raw, *words;
		size_t size = 0;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/new/%s", argv[1], e->d_name);
		if ((raw = slurp(path, &size)) == NULL)
			continue;
		files++;
		if (cks_mail_parse(raw, size, &m, &err) == 0) {
			words = cks_reply_extract(m->text, NULL);
			if (words && cks_answer_find(&channel, words, &answer) == 0) {
				answers += answer.kind == CKS_ANSWER_FOUND;
				cks_answer_clear(&answer);
			}
			free(words);
			cks_parsed_mail_free(&m);
		}
		free(raw);
	}
	closedir(d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%ld %ld %.3f\n", files, answers, s);
	return 0;
}
