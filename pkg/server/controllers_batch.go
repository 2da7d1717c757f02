package server

import (
	"context"

	"github.com/kapi-dev/kapi/pkg/controller/cronjob"
	"github.com/kapi-dev/kapi/pkg/controller/job"
)

// Worker counts of the batch controllers, kube-controller-manager's defaults.
const (
	// jobSyncs is --concurrent-job-syncs.
	jobSyncs = 5
	// cronJobSyncs is --concurrent-cron-job-syncs.
	cronJobSyncs = 5
)

func startJobController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, job.EventSource)
	ctrl, err := job.New(c.client, recorder, c.informers.Batch().V1().Jobs(), c.informers.Core().V1().Pods())
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) { ctrl.Run(ctx, jobSyncs) }), nil
}

func startCronJobController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, cronjob.EventSource)
	ctrl, err := cronjob.New(c.client, recorder, c.informers.Batch().V1().CronJobs(), c.informers.Batch().V1().Jobs())
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) { ctrl.Run(ctx, cronJobSyncs) }), nil
}
