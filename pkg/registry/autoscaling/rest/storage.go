// Package rest assembles the autoscaling API group kapi serves: horizontal pod autoscalers in
// autoscaling/v2 and autoscaling/v1.
package rest

import (
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/autoscaling/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	hpastore "github.com/kapi-dev/kapi/pkg/registry/autoscaling/horizontalpodautoscaler/storage"
)

// Provider builds the autoscaling group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
}

var _ apigroup.Provider = Provider{}

// GroupName is "autoscaling".
func (p Provider) GroupName() string { return autoscalingv2.GroupName }

// NewRESTStorage returns the autoscalers of each version resources enables; both versions read and
// write the same autoscaling/v2 objects.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(autoscalingv2.GroupName, resources)
	b.Add(autoscalingv2.SchemeGroupVersion, "horizontalpodautoscalers", p.horizontalPodAutoscalers)
	b.Add(autoscalingv1.SchemeGroupVersion, "horizontalpodautoscalers", p.horizontalPodAutoscalers)
	return b.Result()
}

func (p Provider) horizontalPodAutoscalers() (map[string]rest.Storage, error) {
	hpa, status, err := hpastore.NewREST(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{
		"horizontalpodautoscalers":        hpa,
		"horizontalpodautoscalers/status": status,
	}, nil
}
