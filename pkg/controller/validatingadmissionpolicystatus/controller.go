// Package validatingadmissionpolicystatus type-checks the expressions of ValidatingAdmissionPolicies
// against the schemas of the resources they match, and records the warnings in the policies'
// status.typeChecking, as kube-controller-manager's validatingadmissionpolicy-status-controller does.
package validatingadmissionpolicystatus

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	validatingpolicy "k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	admissionregistrationv1apply "k8s.io/client-go/applyconfigurations/admissionregistration/v1"
	admissionregistrationinformers "k8s.io/client-go/informers/admissionregistration/v1"
	admissionregistrationclient "k8s.io/client-go/kubernetes/typed/admissionregistration/v1"
	admissionregistrationlisters "k8s.io/client-go/listers/admissionregistration/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// Name is the controller's name, and the field manager of the status it writes.
const Name = "validatingadmissionpolicy-status-controller"

// Controller writes the type-checking status of ValidatingAdmissionPolicies.
type Controller struct {
	client      admissionregistrationclient.ValidatingAdmissionPoliciesGetter
	policies    admissionregistrationlisters.ValidatingAdmissionPolicyLister
	synced      cache.InformerSynced
	queue       workqueue.TypedRateLimitingInterface[string]
	typeChecker *validatingpolicy.TypeChecker
}

// New returns a controller that checks the policies of informer with typeChecker and writes their
// status through client.
func New(informer admissionregistrationinformers.ValidatingAdmissionPolicyInformer, client admissionregistrationclient.ValidatingAdmissionPoliciesGetter, typeChecker *validatingpolicy.TypeChecker) (*Controller, error) {
	c := &Controller{
		client:   client,
		policies: informer.Lister(),
		synced:   informer.Informer().HasSynced,
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: Name}),
		typeChecker: typeChecker,
	}
	enqueue := worker.EnqueueKey(c.queue.Add)
	_, err := informer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj any) { enqueue(obj) },
	})
	return c, err
}

// Run works with the given number of workers until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	worker.Loop{Name: Name, Queue: c.queue, Sync: c.sync}.Run(ctx, workers, c.synced)
}

// sync type-checks a policy whose status does not describe its current generation yet.
func (c *Controller) sync(ctx context.Context, name string) error {
	policy, err := c.policies.Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if policy.Generation <= policy.Status.ObservedGeneration {
		return nil
	}
	warnings := c.typeChecker.Check(policy)
	typeChecking := admissionregistrationv1apply.TypeChecking()
	for _, w := range warnings {
		typeChecking.WithExpressionWarnings(admissionregistrationv1apply.ExpressionWarning().WithFieldRef(w.FieldRef).WithWarning(w.Warning))
	}
	apply := admissionregistrationv1apply.ValidatingAdmissionPolicy(policy.Name).
		WithStatus(admissionregistrationv1apply.ValidatingAdmissionPolicyStatus().
			WithObservedGeneration(policy.Generation).
			WithTypeChecking(typeChecking))
	_, err = c.client.ValidatingAdmissionPolicies().ApplyStatus(ctx, apply, metav1.ApplyOptions{FieldManager: Name, Force: true})
	return err
}
