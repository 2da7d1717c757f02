package integration

import (
	"context"
	"net/http"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// batchJob is a job as `kubectl create job` sends it: one container, restartPolicy Never.
func batchJob(name string) *batchv1.Job {
	return &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			Containers:    []corev1.Container{{Name: "pi", Image: "perl:5.34"}},
		}}},
	}
}

func batchCronJob(name, schedule string) *batchv1.CronJob {
	return &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: batchv1.CronJobSpec{Schedule: schedule, JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				RestartPolicy: corev1.RestartPolicyOnFailure,
				Containers:    []corev1.Container{{Name: "c", Image: "busybox:1.36"}},
			}},
		}}},
	}
}

func TestBatchJobDefaultsAndGeneratedSelector(t *testing.T) {
	for _, tc := range []struct {
		name   string
		client kubernetes.Interface
	}{{"json", jsonClient(t)}, {"protobuf", protobufClient(t)}} {
		t.Run(tc.name, func(t *testing.T) {
			ns := "batch-defaults-" + tc.name
			createNamespace(t, tc.client, ns)
			job, err := tc.client.BatchV1().Jobs(ns).Create(context.Background(), batchJob("pi"), metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			s := job.Spec
			if *s.Completions != 1 || *s.Parallelism != 1 || *s.BackoffLimit != 6 || *s.CompletionMode != batchv1.NonIndexedCompletion ||
				*s.Suspend || *s.ManualSelector || *s.PodReplacementPolicy != batchv1.TerminatingOrFailed {
				t.Errorf("spec = %+v, want completions 1, parallelism 1, backoffLimit 6, NonIndexed, unsuspended, generated selector, TerminatingOrFailed", s)
			}
			uid := string(job.UID)
			want := map[string]string{"controller-uid": uid, "batch.kubernetes.io/controller-uid": uid, "job-name": "pi", "batch.kubernetes.io/job-name": "pi"}
			for k, v := range want {
				if s.Template.Labels[k] != v || job.Labels[k] != v {
					t.Errorf("label %s: template %q, job %q; want %q on both", k, s.Template.Labels[k], job.Labels[k], v)
				}
			}
			if m := s.Selector.MatchLabels; len(m) != 1 || m["batch.kubernetes.io/controller-uid"] != uid {
				t.Errorf("selector = %v, want batch.kubernetes.io/controller-uid=%s", m, uid)
			}
			if job.Generation != 1 || s.Template.Spec.DNSPolicy != corev1.DNSClusterFirst || s.Template.Spec.Containers[0].ImagePullPolicy != corev1.PullIfNotPresent {
				t.Errorf("generation %d, template %+v; want 1 and the pod defaults", job.Generation, s.Template.Spec)
			}
		})
	}
}

func TestBatchJobInvalid(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "batch-invalid")
	jobs := client.BatchV1().Jobs("batch-invalid")
	ctx := context.Background()

	always := batchJob("always")
	always.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways
	_, err := jobs.Create(ctx, always, metav1.CreateOptions{})
	expectInvalid(t, err, "batch", "Job", "always", `spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`)

	foreign := batchJob("foreign")
	foreign.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "other"}}
	_, err = jobs.Create(ctx, foreign, metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.selector", metav1.CauseTypeFieldValueInvalid, "`selector` not auto-generated")

	indexed := batchJob("indexed")
	indexed.Spec.CompletionMode = ptr(batchv1.IndexedCompletion)
	indexed.Spec.Parallelism = ptr[int32](2)
	indexed.Spec.BackoffLimitPerIndex = ptr[int32](-1)
	_, err = jobs.Create(ctx, indexed, metav1.CreateOptions{})
	expectInvalid(t, err, "batch", "Job", "indexed",
		"spec.completions: Required value: when completion mode is Indexed",
		"spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0")

	manual := batchJob("manual")
	manual.Spec.ManualSelector = ptr(true)
	manual.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "manual"}}
	manual.Spec.Template.Labels = map[string]string{"app": "manual"}
	created, err := jobs.Create(ctx, manual, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := created.Spec.Template.Labels["controller-uid"]; ok {
		t.Errorf("template labels = %v, want none generated for a manual selector", created.Spec.Template.Labels)
	}

	created.Spec.Template.Spec.Containers[0].Image = "perl:5.40"
	created.Spec.Selector.MatchLabels["tier"] = "x"
	created.Spec.Template.Labels["tier"] = "x"
	_, err = jobs.Update(ctx, created, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "spec.template", metav1.CauseTypeFieldValueInvalid, "field is immutable")
	expectInvalidCause(t, err, "spec.selector", metav1.CauseTypeFieldValueInvalid, "field is immutable")
}

func TestBatchJobUpdatesAndStatus(t *testing.T) {
	client := protobufClient(t)
	createNamespace(t, client, "batch-status")
	jobs := client.BatchV1().Jobs("batch-status")
	ctx := context.Background()
	suspended := batchJob("later")
	suspended.Spec.Suspend = ptr(true)
	// Another controller manages it, so that the job controller leaves the status to this test.
	suspended.Spec.ManagedBy = ptr("example.com/batch-status-test")
	job, err := jobs.Create(ctx, suspended, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}

	// A suspended job that never started may be sent to other nodes; that is a spec change.
	job.Spec.Template.Spec.NodeSelector = map[string]string{"zone": "b"}
	job.Status.Active = 7
	job, err = jobs.Update(ctx, job, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("moving a suspended job: %v", err)
	}
	if job.Generation != 2 || job.Status.Active != 0 {
		t.Errorf("generation %d, status.active %d; want 2 and the status untouched by a main-resource update", job.Generation, job.Status.Active)
	}
	job.Labels["team"] = "a"
	if job, err = jobs.Update(ctx, job, metav1.UpdateOptions{}); err != nil || job.Generation != 2 {
		t.Fatalf("labels update: generation %d, %v; want 2", job.Generation, err)
	}

	now := metav1.Now()
	job.Status = batchv1.JobStatus{Succeeded: 1, StartTime: &now}
	job.Spec.Parallelism = ptr[int32](5)
	if job, err = jobs.UpdateStatus(ctx, job, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if job.Status.Succeeded != 1 || *job.Spec.Parallelism != 1 || job.Generation != 2 {
		t.Errorf("after status update: succeeded %d, parallelism %d, generation %d; want 1, 1, 2", job.Status.Succeeded, *job.Spec.Parallelism, job.Generation)
	}
	job.Status.Succeeded = 0
	_, err = jobs.UpdateStatus(ctx, job, metav1.UpdateOptions{})
	expectInvalid(t, err, "batch", "Job", "later", "status.succeeded: Invalid value: 0: cannot decrease the succeeded counter")

	list, err := jobs.List(ctx, metav1.ListOptions{FieldSelector: "status.successful=1"})
	if err != nil || len(list.Items) != 1 || list.Items[0].Name != "later" {
		t.Fatalf("status.successful=1 selects %v, %v; want the job", list, err)
	}
	if list, err := jobs.List(ctx, metav1.ListOptions{FieldSelector: "status.successful=0"}); err != nil || len(list.Items) != 0 {
		t.Fatalf("status.successful=0 selects %v, %v; want nothing", list, err)
	}
	_, err = jobs.List(ctx, metav1.ListOptions{FieldSelector: "spec.parallelism=1"})
	if !apierrors.IsBadRequest(err) || !strings.Contains(err.Error(), `field label "spec.parallelism" not supported for batchv1.Job`) {
		t.Errorf("unknown field selector: %v, want 400 naming the label", err)
	}

	// Server-side apply leaves status to the status subresource.
	patch := []byte(`{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"later"},"status":{"active":3}}`)
	applied, err := jobs.Patch(ctx, "later", types.ApplyPatchType, patch, metav1.PatchOptions{FieldManager: "test", Force: ptr(true)})
	if err != nil || applied.Status.Active != 0 {
		t.Errorf("apply of status through the main resource: active %d, %v; want it ignored", applied.Status.Active, err)
	}
}

func TestBatchCronJobs(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "batch-cron")
	cronJobs := client.BatchV1().CronJobs("batch-cron")
	ctx := context.Background()
	cj, err := cronJobs.Create(ctx, batchCronJob("backup", "@daily"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := cj.Spec
	if s.ConcurrencyPolicy != batchv1.AllowConcurrent || *s.Suspend || *s.SuccessfulJobsHistoryLimit != 3 || *s.FailedJobsHistoryLimit != 1 || cj.Generation != 1 {
		t.Errorf("spec = %+v, generation %d; want Allow, unsuspended, history 3 and 1, generation 1", s, cj.Generation)
	}
	if s.JobTemplate.Spec.Selector != nil || s.JobTemplate.Spec.Completions != nil {
		t.Errorf("job template = %+v, want no selector and no Job defaults", s.JobTemplate.Spec)
	}

	for _, tc := range []struct {
		name, schedule string
		timeZone       *string
		want           []string
	}{
		{"fields", "0 0 * *", nil, []string{`spec.schedule: Invalid value: "0 0 * *": expected exactly 5 fields, found 4: [0 0 * *]`}},
		{"range", "0 25 * * *", nil, []string{`spec.schedule: Invalid value: "0 25 * * *": end of range (25) above maximum (23): 25`}},
		{"descriptor", "@fortnightly", nil, []string{`spec.schedule: Invalid value: "@fortnightly": unrecognized descriptor: @fortnightly`}},
		{"tz", "TZ=Europe/Paris 0 2 * * *", nil, []string{`spec.schedule: Invalid value: "TZ=Europe/Paris 0 2 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead`}},
		{"zone", "0 2 * * *", ptr("Europe/Pariss"), []string{`spec.timeZone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss`}},
	} {
		bad := batchCronJob("bad-"+tc.name, tc.schedule)
		bad.Spec.TimeZone = tc.timeZone
		_, err := cronJobs.Create(ctx, bad, metav1.CreateOptions{})
		expectInvalid(t, err, "batch", "CronJob", "bad-"+tc.name, tc.want...)
	}
	long := batchCronJob(strings.Repeat("n", 53), "@hourly")
	_, err = cronJobs.Create(ctx, long, metav1.CreateOptions{})
	expectInvalid(t, err, "batch", "CronJob", long.Name, `metadata.name: Invalid value: "`+long.Name+`": must be no more than 52 characters`)

	cj.Spec.TimeZone = ptr("Asia/Tokyo")
	if cj, err = cronJobs.Update(ctx, cj, metav1.UpdateOptions{}); err != nil || cj.Generation != 2 {
		t.Fatalf("setting the zone: generation %d, %v; want 2", cj.Generation, err)
	}
	last := metav1.Now()
	cj.Status.LastScheduleTime = &last
	if cj, err = cronJobs.UpdateStatus(ctx, cj, metav1.UpdateOptions{}); err != nil || cj.Status.LastScheduleTime == nil || cj.Generation != 2 {
		t.Fatalf("status update: %+v, generation %d, %v", cj.Status, cj.Generation, err)
	}

	cols, rows := tableCells(t, "/apis/batch/v1/namespaces/batch-cron/cronjobs", "")
	if got := strings.Join(cols, ","); got != "Name,Schedule,Timezone,Suspend,Active,Last Schedule,Age,Containers,Images,Selector" {
		t.Errorf("columns = %s", got)
	}
	if len(rows) != 1 || strings.Join(append(rows[0][:4:4], rows[0][4], rows[0][7], rows[0][8], rows[0][9]), ",") != "backup,@daily,Asia/Tokyo,False,0,c,busybox:1.36,<none>" {
		t.Errorf("rows = %q", rows)
	}
}

func TestBatchJobTable(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "batch-table")
	// Another controller manages it, so that the job controller does not start it under the test.
	pi := batchJob("pi")
	pi.Spec.ManagedBy = ptr("example.com/batch-table-test")
	job, err := client.BatchV1().Jobs("batch-table").Create(context.Background(), pi, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cols, rows := tableCells(t, "/apis/batch/v1/namespaces/batch-table/jobs", "")
	if got := strings.Join(cols, ","); got != "Name,Status,Completions,Duration,Age,Containers,Images,Selector" {
		t.Errorf("columns = %s", got)
	}
	want := []string{"pi", "Running", "0/1", "", rows[0][4], "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=" + string(job.UID)}
	if len(rows) != 1 || strings.Join(rows[0], "|") != strings.Join(want, "|") {
		t.Errorf("rows = %q, want %q", rows, want)
	}
}

func TestBatchDiscovery(t *testing.T) {
	resources, err := jsonClient(t).Discovery().ServerResourcesForGroupVersion("batch/v1")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range resources.APIResources {
		got[r.Name] = r.Kind + " " + strings.Join(r.ShortNames, ",") + " " + strings.Join(r.Categories, ",") + " " + strings.Join(r.Verbs, ",")
	}
	const verbs = "create,delete,deletecollection,get,list,patch,update,watch"
	want := map[string]string{
		"jobs":            "Job  all " + verbs,
		"jobs/status":     "Job   get,patch,update",
		"cronjobs":        "CronJob cj all " + verbs,
		"cronjobs/status": "CronJob   get,patch,update",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %q, want %q", name, got[name], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("batch/v1 serves %v, want exactly %v", got, want)
	}
	if code, _ := sendRaw(t, server.ClientConfig, http.MethodGet, "/apis/batch/v1beta1", "", nil); code != http.StatusNotFound {
		t.Errorf("GET /apis/batch/v1beta1 = %d, want 404: only v1 is served", code)
	}
}
