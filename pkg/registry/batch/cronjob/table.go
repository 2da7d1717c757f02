package cronjob

import (
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Schedule", Type: "string", Description: batchv1.CronJobSpec{}.SwaggerDoc()["schedule"]},
	{Name: "Timezone", Type: "string", Description: batchv1.CronJobSpec{}.SwaggerDoc()["timeZone"]},
	{Name: "Suspend", Type: "boolean", Description: batchv1.CronJobSpec{}.SwaggerDoc()["suspend"]},
	{Name: "Active", Type: "integer", Description: batchv1.CronJobStatus{}.SwaggerDoc()["active"]},
	{Name: "Last Schedule", Type: "string", Description: batchv1.CronJobStatus{}.SwaggerDoc()["lastScheduleTime"]},
	tables.AgeColumn(),
	{Name: "Containers", Type: "string", Priority: 1, Description: "Names of each container in the template."},
	{Name: "Images", Type: "string", Priority: 1, Description: "Images referenced by each container in the template."},
	{Name: "Selector", Type: "string", Priority: 1, Description: batchv1.JobSpec{}.SwaggerDoc()["selector"]},
}

// NewTableConvertor returns the `kubectl get cronjobs` table: NAME, SCHEDULE, TIMEZONE, SUSPEND,
// ACTIVE, LAST SCHEDULE, AGE and, for -o wide, CONTAINERS, IMAGES, SELECTOR.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(cj *batchv1.CronJob) (metav1.TableRow, error) {
		lastSchedule := tables.None
		if cj.Status.LastScheduleTime != nil {
			lastSchedule = tables.Since(*cj.Status.LastScheduleTime)
		}
		timeZone := tables.None
		if cj.Spec.TimeZone != nil {
			timeZone = *cj.Spec.TimeZone
		}
		// Suspend is printed as text although the column says boolean, as upstream does.
		suspend := "<unset>"
		if cj.Spec.Suspend != nil {
			suspend = "False"
			if *cj.Spec.Suspend {
				suspend = "True"
			}
		}
		template := cj.Spec.JobTemplate.Spec
		names, images := tables.ContainerCells(template.Template.Spec.Containers)
		return metav1.TableRow{Cells: []interface{}{
			cj.Name,
			cj.Spec.Schedule,
			timeZone,
			suspend,
			int64(len(cj.Status.Active)),
			lastSchedule,
			tables.Since(cj.CreationTimestamp),
			names,
			images,
			metav1.FormatLabelSelector(template.Selector),
		}}, nil
	})
}
