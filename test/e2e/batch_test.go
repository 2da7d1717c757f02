package e2e

import (
	"strings"
	"testing"
)

func TestBatchKubectlCreateJob(t *testing.T) {
	createNamespace(t, "e2e-jobs")
	if out := kubectl(t, "create", "job", "pi", "-n", "e2e-jobs", "--image=perl:5.34", "--", "perl", "-e", "print 3"); out != "job.batch/pi created\n" {
		t.Fatalf("kubectl create job printed %q", out)
	}
	tb := parseTable(t, kubectl(t, "get", "jobs", "-n", "e2e-jobs"))
	tb.wantHeader(t, "NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE")
	wantCells(t, tb.row(t, "pi"), map[string]string{"STATUS": "Running", "COMPLETIONS": "0/1"})

	uid := kubectl(t, "get", "job", "pi", "-n", "e2e-jobs", "-o", "jsonpath={.metadata.uid}")
	wide := parseTable(t, kubectl(t, "get", "jobs", "-n", "e2e-jobs", "-o", "wide"))
	wide.wantHeader(t, "NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE", "CONTAINERS", "IMAGES", "SELECTOR")
	wantCells(t, wide.row(t, "pi"), map[string]string{"CONTAINERS": "pi", "IMAGES": "perl:5.34", "SELECTOR": "batch.kubernetes.io/controller-uid=" + uid})

	spec := kubectl(t, "get", "job", "pi", "-n", "e2e-jobs", "-o", "jsonpath={.spec.completions} {.spec.parallelism} {.spec.backoffLimit} {.spec.completionMode} {.spec.suspend} {.spec.manualSelector} {.spec.podReplacementPolicy} {.metadata.labels.job-name}")
	if spec != "1 1 6 NonIndexed false false TerminatingOrFailed pi" {
		t.Errorf("defaults = %q, want upstream's", spec)
	}
	if out := kubectl(t, "get", "jobs", "-n", "e2e-jobs", "--field-selector=status.successful=0", "-o", "name"); out != "job.batch/pi\n" {
		t.Errorf("field selector status.successful=0 lists %q", out)
	}

	out := kubectlFails(t, "create", "job", "Bad_Name", "-n", "e2e-jobs", "--image=busybox")
	// kubectl names the container after the job, so the name is wrong twice.
	if !strings.Contains(out, `Job.batch "Bad_Name" is invalid: [metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of`) ||
		!strings.Contains(out, `spec.template.spec.containers[0].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of`) {
		t.Errorf("bad name: %s", out)
	}
	out = kubectlFails(t, "set", "image", "job/pi", "-n", "e2e-jobs", "pi=perl:5.40")
	if !strings.Contains(out, `Job.batch "pi" is invalid: spec.template: Invalid value:`) || !strings.Contains(out, "field is immutable") {
		t.Errorf("changing the image of a running job: %s", out)
	}
}

func TestBatchKubectlCreateCronJob(t *testing.T) {
	createNamespace(t, "e2e-cronjobs")
	if out := kubectl(t, "create", "cronjob", "hello", "-n", "e2e-cronjobs", "--image=busybox:1.36", "--schedule=*/5 * * * *", "--", "echo", "hi"); out != "cronjob.batch/hello created\n" {
		t.Fatalf("kubectl create cronjob printed %q", out)
	}
	tb := parseTable(t, kubectl(t, "get", "cj", "-n", "e2e-cronjobs"))
	tb.wantHeader(t, "NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE")
	wantCells(t, tb.row(t, "hello"), map[string]string{"SCHEDULE": "*/5 * * * *", "TIMEZONE": "<none>", "SUSPEND": "False", "ACTIVE": "0", "LAST SCHEDULE": "<none>"})
	wide := parseTable(t, kubectl(t, "get", "cronjobs", "-n", "e2e-cronjobs", "-o", "wide"))
	wide.wantHeader(t, "NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR")
	wantCells(t, wide.row(t, "hello"), map[string]string{"CONTAINERS": "hello", "IMAGES": "busybox:1.36", "SELECTOR": "<none>"})

	// kubectl builds the job from the CronJob's template; the Job strategy generates its selector.
	if out := kubectl(t, "create", "job", "hello-now", "-n", "e2e-cronjobs", "--from=cronjob/hello"); out != "job.batch/hello-now created\n" {
		t.Fatalf("kubectl create job --from printed %q", out)
	}
	if owner := kubectl(t, "get", "job", "hello-now", "-n", "e2e-cronjobs", "-o", "jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.spec.template.spec.restartPolicy}"); owner != "CronJob/hello OnFailure" {
		t.Errorf("job from the CronJob: %q", owner)
	}

	for _, tc := range []struct{ schedule, want string }{
		{"* * * *", `CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]`},
		{"@often", `CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "@often": unrecognized descriptor: @often`},
		{"CRON_TZ=UTC 0 * * * *", `CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead`},
	} {
		if out := kubectlFails(t, "create", "cronjob", "bad", "-n", "e2e-cronjobs", "--image=busybox", "--schedule="+tc.schedule); !strings.Contains(out, tc.want) {
			t.Errorf("schedule %q: %s, want %s", tc.schedule, out, tc.want)
		}
	}
}

func TestBatchArtifacts(t *testing.T) {
	createNamespace(t, "e2e-batch-artifacts")
	if out := kubectl(t, "apply", "-n", "e2e-batch-artifacts", "-f", artifact("job.yaml"), "-f", artifact("cronjob.yaml")); out != "job.batch/pi created\ncronjob.batch/hello created\n" {
		t.Fatalf("kubectl apply printed %q", out)
	}
	if out := kubectl(t, "apply", "-n", "e2e-batch-artifacts", "-f", artifact("job.yaml"), "-f", artifact("cronjob.yaml")); out != "job.batch/pi unchanged\ncronjob.batch/hello unchanged\n" {
		t.Errorf("second kubectl apply printed %q", out)
	}
	tb := parseTable(t, kubectl(t, "get", "cronjob", "hello", "-n", "e2e-batch-artifacts"))
	wantCells(t, tb.row(t, "hello"), map[string]string{"TIMEZONE": "Etc/UTC", "SUSPEND": "False"})
	all := kubectl(t, "get", "all", "-n", "e2e-batch-artifacts", "-o", "name")
	for _, want := range []string{"job.batch/pi", "cronjob.batch/hello"} {
		if !strings.Contains(all, want+"\n") {
			t.Errorf("kubectl get all lists %q, want %s among them", all, want)
		}
	}
}

// TestCronJobExplain reads a CronJob field's documentation from the served OpenAPI.
func TestCronJobExplain(t *testing.T) {
	if out := kubectl(t, "explain", "cronjob.spec.timeZone"); !strings.Contains(out, "FIELD: timeZone <string>") {
		t.Errorf("kubectl explain cronjob.spec.timeZone printed %q", out)
	}
}
