package job

import (
	"context"
	"reflect"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestBatchJobTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-5 * time.Hour))
	start := metav1.NewTime(time.Now().Add(-time.Hour))
	end := metav1.NewTime(start.Add(90 * time.Second))
	job := func(mutate func(*batchv1.Job)) *batchv1.Job {
		j := &batchv1.Job{
			ObjectMeta: metav1.ObjectMeta{Name: "pi", CreationTimestamp: created},
			Spec: batchv1.JobSpec{
				Completions: ptr.To[int32](3), Parallelism: ptr.To[int32](1),
				Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"batch.kubernetes.io/controller-uid": "u1"}},
				Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "pi", Image: "perl:5.34"}}}},
			},
		}
		mutate(j)
		return j
	}
	for _, tc := range []struct {
		name string
		job  *batchv1.Job
		want []interface{}
	}{
		{"new", job(func(*batchv1.Job) {}), []interface{}{"pi", "Running", "0/3", "", "5h", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=u1"}},
		{"complete", job(func(j *batchv1.Job) {
			j.Status = batchv1.JobStatus{Succeeded: 3, StartTime: &start, CompletionTime: &end, Conditions: []batchv1.JobCondition{
				{Type: batchv1.JobSuccessCriteriaMet, Status: corev1.ConditionTrue}, {Type: batchv1.JobComplete, Status: corev1.ConditionTrue},
			}}
		}), []interface{}{"pi", "Complete", "3/3", "90s", "5h", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=u1"}},
		{"suspended work queue", job(func(j *batchv1.Job) {
			j.Spec.Completions, j.Spec.Parallelism = nil, ptr.To[int32](4)
			j.Status.Conditions = []batchv1.JobCondition{{Type: batchv1.JobSuspended, Status: corev1.ConditionTrue}}
		}), []interface{}{"pi", "Suspended", "0/1 of 4", "", "5h", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=u1"}},
		{"failed", job(func(j *batchv1.Job) {
			j.Spec.Completions, j.Spec.Parallelism = nil, nil
			j.Status.Conditions = []batchv1.JobCondition{{Type: batchv1.JobFailureTarget, Status: corev1.ConditionTrue}, {Type: batchv1.JobFailed, Status: corev1.ConditionTrue}}
		}), []interface{}{"pi", "Failed", "0/1", "", "5h", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=u1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			table, err := NewTableConvertor().ConvertToTable(context.Background(), tc.job, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range table.ColumnDefinitions {
				names = append(names, c.Name)
			}
			if want := []string{"Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector"}; !reflect.DeepEqual(names, want) {
				t.Errorf("columns = %v, want %v", names, want)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %#v, want %#v", got, tc.want)
			}
		})
	}
}
