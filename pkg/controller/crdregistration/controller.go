// Package crdregistration keeps a local APIService for every group version that a
// CustomResourceDefinition serves, so that the aggregator lists CRD groups in /apis and routes them
// to the CustomResourceDefinition server, as kube-apiserver's crd-registration controller does.
package crdregistration

import (
	"context"

	apiextensionshelpers "k8s.io/apiextensions-apiserver/pkg/apihelpers"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsinformers "k8s.io/apiextensions-apiserver/pkg/client/informers/externalversions/apiextensions/v1"
	apiextensionslisters "k8s.io/apiextensions-apiserver/pkg/client/listers/apiextensions/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// Name is the controller's name in logs and in the queue's metrics.
const Name = "crd_autoregistration_controller"

// Registration is the part of the aggregator's autoregister controller this controller drives.
type Registration interface {
	AddAPIServiceToSync(in *apiregistrationv1.APIService)
	RemoveAPIServiceToSync(name string)
}

// Controller registers the APIService of each group version a CRD serves and removes it once no
// CRD serves it.
type Controller struct {
	crds         apiextensionslisters.CustomResourceDefinitionLister
	synced       cache.InformerSynced
	registration Registration
	apiService   func(schema.GroupVersion) *apiregistrationv1.APIService
	queue        workqueue.TypedRateLimitingInterface[string]
}

// New returns a controller reading CRDs from the informer and registering apiService(gv) for each
// group version served.
func New(crds apiextensionsinformers.CustomResourceDefinitionInformer, registration Registration, apiService func(schema.GroupVersion) *apiregistrationv1.APIService) (*Controller, error) {
	c := &Controller{
		crds:         crds.Lister(),
		synced:       crds.Informer().HasSynced,
		registration: registration,
		apiService:   apiService,
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: Name}),
	}
	enqueue := func(obj any) {
		crd, ok := worker.Unwrap[*apiextensionsv1.CustomResourceDefinition](obj)
		if !ok {
			return
		}
		for _, v := range crd.Spec.Versions {
			c.queue.Add(v.Name + "." + crd.Spec.Group)
		}
	}
	if _, err := crds.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: enqueue,
		UpdateFunc: func(old, obj any) {
			enqueue(old)
			enqueue(obj)
		},
		DeleteFunc: enqueue,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Run works with one worker until ctx ends.
func (c *Controller) Run(ctx context.Context) {
	worker.Loop{Name: Name, Queue: c.queue, Sync: c.sync}.Run(ctx, 1, c.synced)
}

// sync registers the APIService named key ("<version>.<group>") while an established CRD serves
// that version, and removes it otherwise.
func (c *Controller) sync(_ context.Context, key string) error {
	crds, err := c.crds.List(labels.Everything())
	if err != nil {
		return err
	}
	for _, crd := range crds {
		if !apiextensionshelpers.IsCRDConditionTrue(crd, apiextensionsv1.Established) {
			continue
		}
		for _, v := range crd.Spec.Versions {
			if v.Served && v.Name+"."+crd.Spec.Group == key {
				c.registration.AddAPIServiceToSync(c.apiService(schema.GroupVersion{Group: crd.Spec.Group, Version: v.Name}))
				return nil
			}
		}
	}
	c.registration.RemoveAPIServiceToSync(key)
	return nil
}
