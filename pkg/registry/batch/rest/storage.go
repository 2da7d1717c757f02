// Package rest assembles the batch API group kapi serves: v1 jobs and cronjobs.
package rest

import (
	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/batch/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	cronjobstore "github.com/kapi-dev/kapi/pkg/registry/batch/cronjob/storage"
	jobstore "github.com/kapi-dev/kapi/pkg/registry/batch/job/storage"
)

// Provider builds the batch group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
}

var _ apigroup.Provider = Provider{}

// GroupName is "batch".
func (Provider) GroupName() string { return batchv1.GroupName }

// NewRESTStorage returns the batch/v1 resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(batchv1.GroupName, resources)
	b.Add(batchv1.SchemeGroupVersion, "jobs", func() (map[string]rest.Storage, error) {
		s, err := jobstore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"jobs": s.Job, "jobs/status": s.Status}, nil
	})
	b.Add(batchv1.SchemeGroupVersion, "cronjobs", func() (map[string]rest.Storage, error) {
		s, err := cronjobstore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"cronjobs": s.CronJob, "cronjobs/status": s.Status}, nil
	})
	return b.Result()
}
