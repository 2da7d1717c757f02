package cronjob

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

func TestBatchCronJobTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-3 * 24 * time.Hour))
	last := metav1.NewTime(time.Now().Add(-5 * time.Minute))
	template := batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
		Containers: []corev1.Container{{Name: "a", Image: "busybox"}, {Name: "b", Image: "alpine"}},
	}}}}
	for _, tc := range []struct {
		name string
		cj   *batchv1.CronJob
		want []interface{}
	}{
		{"new", &batchv1.CronJob{
			ObjectMeta: metav1.ObjectMeta{Name: "backup", CreationTimestamp: created},
			Spec:       batchv1.CronJobSpec{Schedule: "@hourly", Suspend: ptr.To(false), JobTemplate: template},
		}, []interface{}{"backup", "@hourly", "<none>", "False", int64(0), "<none>", "3d", "a,b", "busybox,alpine", "<none>"}},
		{"running in a zone", &batchv1.CronJob{
			ObjectMeta: metav1.ObjectMeta{Name: "backup", CreationTimestamp: created},
			Spec:       batchv1.CronJobSpec{Schedule: "0 2 * * *", TimeZone: ptr.To("Europe/Paris"), Suspend: ptr.To(true), JobTemplate: template},
			Status:     batchv1.CronJobStatus{Active: []corev1.ObjectReference{{Name: "backup-1"}}, LastScheduleTime: &last},
		}, []interface{}{"backup", "0 2 * * *", "Europe/Paris", "True", int64(1), "5m", "3d", "a,b", "busybox,alpine", "<none>"}},
		{"unset suspend", &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "x", CreationTimestamp: created}, Spec: batchv1.CronJobSpec{Schedule: "* * * * *"}},
			[]interface{}{"x", "* * * * *", "<none>", "<unset>", int64(0), "<none>", "3d", "", "", "<none>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			table, err := NewTableConvertor().ConvertToTable(context.Background(), tc.cj, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range table.ColumnDefinitions {
				names = append(names, c.Name)
			}
			if want := []string{"Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers", "Images", "Selector"}; !reflect.DeepEqual(names, want) {
				t.Errorf("columns = %v, want %v", names, want)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestBatchCronJobWarnings(t *testing.T) {
	cj := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "Nightly"}, Spec: batchv1.CronJobSpec{Schedule: "TZ=UTC 0 0 * * *"}}
	got := Strategy.WarningsOnCreate(context.Background(), cj)
	if len(got) != 2 || got[1] != "cannot use TZ or CRON_TZ in schedule, use timeZone field instead" {
		t.Errorf("warnings = %q, want the host name one and the TZ one", got)
	}
}
