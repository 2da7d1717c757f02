package rest

import (
	"errors"
	"testing"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/generic"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
)

// recordingGetter records which resources storage was asked for, and has none to give.
type recordingGetter struct{ asked []schema.GroupResource }

var errNoStorage = errors.New("no storage in this test")

func (g *recordingGetter) GetRESTOptions(resource schema.GroupResource, _ runtime.Object) (generic.RESTOptions, error) {
	g.asked = append(g.asked, resource)
	return generic.RESTOptions{}, errNoStorage
}

// TestAutoscalingProviderFollowsRuntimeConfig checks that storage is built only for what the
// resource configuration enables, version by version and resource by resource, as
// --runtime-config=autoscaling/v1/horizontalpodautoscalers=false asks.
func TestAutoscalingProviderFollowsRuntimeConfig(t *testing.T) {
	if got := (Provider{}).GroupName(); got != "autoscaling" {
		t.Errorf("GroupName() = %q, want autoscaling", got)
	}

	none := serverstorage.NewResourceConfig()
	getter := &recordingGetter{}
	info, err := Provider{RESTOptionsGetter: getter}.NewRESTStorage(none)
	if err != nil || len(info.VersionedResourcesStorageMap) != 0 || len(getter.asked) != 0 {
		t.Errorf("all disabled: versions %v, asked %v, err %v; want nothing built", info.VersionedResourcesStorageMap, getter.asked, err)
	}

	resourcesOff := serverstorage.NewResourceConfig()
	resourcesOff.EnableVersions(autoscalingv1.SchemeGroupVersion, autoscalingv2.SchemeGroupVersion)
	resourcesOff.DisableResources(autoscalingv1.SchemeGroupVersion.WithResource("horizontalpodautoscalers"), autoscalingv2.SchemeGroupVersion.WithResource("horizontalpodautoscalers"))
	getter = &recordingGetter{}
	info, err = Provider{RESTOptionsGetter: getter}.NewRESTStorage(resourcesOff)
	if err != nil || len(info.VersionedResourcesStorageMap) != 0 || len(getter.asked) != 0 {
		t.Errorf("versions on, resources off: versions %v, asked %v, err %v; want nothing built", info.VersionedResourcesStorageMap, getter.asked, err)
	}

	on := serverstorage.NewResourceConfig()
	on.EnableVersions(autoscalingv1.SchemeGroupVersion, autoscalingv2.SchemeGroupVersion)
	getter = &recordingGetter{}
	_, err = Provider{RESTOptionsGetter: getter}.NewRESTStorage(on)
	if !errors.Is(err, errNoStorage) || len(getter.asked) != 1 || getter.asked[0] != autoscalingv2.Resource("horizontalpodautoscalers") {
		t.Errorf("enabled: err %v, asked %v; want the storage of autoscaling horizontalpodautoscalers asked for and its error returned", err, getter.asked)
	}
}
