// Package ensurer keeps the API Priority and Fairness bootstrap configuration current, as
// kube-apiserver's priority-and-fairness-config-producer does: the mandatory FlowSchemas and
// PriorityLevelConfigurations always carry their bootstrap specs, the suggested ones are created when
// missing and updated while their apf.kubernetes.io/autoupdate-spec annotation says so, and objects
// that an earlier release auto-updated but this one no longer suggests are removed.
package ensurer

import (
	"context"
	"errors"
	"strconv"
	"sync"

	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap"
	flowcontrolclient "k8s.io/client-go/kubernetes/typed/flowcontrol/v1"

	flowcontrolv1defaults "github.com/kapi-dev/kapi/pkg/apis/flowcontrol/v1"
)

// Ensure brings the bootstrap configuration up to date once: suggested objects first, then mandatory
// ones, then the removal of stale ones, priority levels before the schemas that point at them.
func Ensure(ctx context.Context, c flowcontrolclient.FlowcontrolV1Interface) error {
	pls, fss := priorityLevels(c.PriorityLevelConfigurations()), flowSchemas(c.FlowSchemas())
	steps := []func() error{
		func() error { return ensureAll(ctx, pls, bootstrap.SuggestedPriorityLevelConfigurations, false) },
		func() error { return ensureAll(ctx, fss, bootstrap.SuggestedFlowSchemas, false) },
		func() error { return ensureAll(ctx, pls, bootstrap.MandatoryPriorityLevelConfigurations, true) },
		func() error { return ensureAll(ctx, fss, bootstrap.MandatoryFlowSchemas, true) },
		func() error {
			return removeStale(ctx, fss, names(bootstrap.MandatoryFlowSchemas, bootstrap.SuggestedFlowSchemas))
		},
		func() error {
			return removeStale(ctx, pls, names(bootstrap.MandatoryPriorityLevelConfigurations, bootstrap.SuggestedPriorityLevelConfigurations))
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// object is a FlowSchema or a PriorityLevelConfiguration.
type object interface {
	*flowcontrolv1.FlowSchema | *flowcontrolv1.PriorityLevelConfiguration
	metav1.Object
	runtime.Object
}

// client is the typed client of FlowSchemas or PriorityLevelConfigurations, whose lists are L.
type client[T object, L any] interface {
	Get(ctx context.Context, name string, opts metav1.GetOptions) (T, error)
	List(ctx context.Context, opts metav1.ListOptions) (L, error)
	Create(ctx context.Context, obj T, opts metav1.CreateOptions) (T, error)
	Update(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error)
	Delete(ctx context.Context, name string, opts metav1.DeleteOptions) error
}

// kind is how the ensurer reads, writes and compares the objects of one resource.
type kind[T object, L any] struct {
	client client[T, L]
	items  func(L) []T
	// desired is a copy of stored carrying the spec of bootstrap, defaulted as the server stores it.
	desired func(stored, bootstrap T) T
	// sameSpec says whether two objects have equal specs.
	sameSpec func(a, b T) bool
}

// ensureAll ensures the objects of one step at once: they do not depend on each other, and one at a
// time the first pass of a start takes a round trip through admission per object.
func ensureAll[T object, L any](ctx context.Context, k kind[T, L], objs []T, mandatory bool) error {
	errs := make([]error, len(objs))
	var wg sync.WaitGroup
	for i, want := range objs {
		wg.Go(func() { errs[i] = ensure(ctx, k, want, mandatory) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func ensure[T object, L any](ctx context.Context, k kind[T, L], want T, mandatory bool) error {
	have, err := k.client.Get(ctx, want.GetName(), metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		if _, err := k.client.Create(ctx, deepCopy(want), metav1.CreateOptions{FieldManager: fieldManager}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
		return nil
	}
	if err != nil {
		return err
	}
	if update, ok := plan(k, have, want, mandatory); ok {
		_, err := k.client.Update(ctx, update, metav1.UpdateOptions{FieldManager: fieldManager})
		return err
	}
	return nil
}

// plan returns the update that brings have in line with bootstrap object want, and whether one is
// needed. A mandatory object always follows the bootstrap spec; a suggested one does while its
// annotation is true, or, without a readable annotation, while it has never been edited (generation
// 1). The annotation is then set to say which it is, unless it already does in any spelling
// strconv.ParseBool reads ("1", "True").
func plan[T object, L any](k kind[T, L], have, want T, mandatory bool) (T, bool) {
	autoUpdate := mandatory || autoUpdateSpec(have)
	desired := k.desired(have, want)
	specStale := autoUpdate && !k.sameSpec(desired, have)
	current, err := strconv.ParseBool(have.GetAnnotations()[flowcontrolv1.AutoUpdateAnnotationKey])
	annotationStale := err != nil || current != autoUpdate
	if !specStale && !annotationStale {
		return have, false
	}
	update := desired
	if !specStale {
		update = deepCopy(have)
	}
	if annotationStale {
		annotations := map[string]string{}
		for key, value := range update.GetAnnotations() {
			annotations[key] = value
		}
		annotations[flowcontrolv1.AutoUpdateAnnotationKey] = strconv.FormatBool(autoUpdate)
		update.SetAnnotations(annotations)
	}
	return update, true
}

// deepCopy copies obj, so that the writes never touch the bootstrap objects or what was read.
func deepCopy[T object](obj T) T {
	return obj.DeepCopyObject().(T)
}

func autoUpdateSpec(obj metav1.Object) bool {
	if autoUpdate, err := strconv.ParseBool(obj.GetAnnotations()[flowcontrolv1.AutoUpdateAnnotationKey]); err == nil {
		return autoUpdate
	}
	return obj.GetGeneration() == 1
}

// removeStale deletes the objects outside wanted that are marked for auto-update: an earlier release
// suggested them, and this one no longer does. The precondition spares an object edited meanwhile.
func removeStale[T object, L any](ctx context.Context, k kind[T, L], wanted sets.Set[string]) error {
	list, err := k.client.List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	objs := k.items(list)
	var errs []error
	for _, obj := range objs {
		if wanted.Has(obj.GetName()) {
			continue
		}
		if autoUpdate, err := strconv.ParseBool(obj.GetAnnotations()[flowcontrolv1.AutoUpdateAnnotationKey]); err != nil || !autoUpdate {
			continue
		}
		rv := obj.GetResourceVersion()
		err := k.client.Delete(ctx, obj.GetName(), metav1.DeleteOptions{Preconditions: &metav1.Preconditions{ResourceVersion: &rv}})
		if err != nil && !apierrors.IsNotFound(err) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func names[T object](lists ...[]T) sets.Set[string] {
	s := sets.New[string]()
	for _, l := range lists {
		for _, obj := range l {
			s.Insert(obj.GetName())
		}
	}
	return s
}

func flowSchemas(c flowcontrolclient.FlowSchemaInterface) kind[*flowcontrolv1.FlowSchema, *flowcontrolv1.FlowSchemaList] {
	return kind[*flowcontrolv1.FlowSchema, *flowcontrolv1.FlowSchemaList]{
		client:   c,
		items:    func(l *flowcontrolv1.FlowSchemaList) []*flowcontrolv1.FlowSchema { return pointers(l.Items) },
		desired:  desiredFlowSchema,
		sameSpec: func(a, b *flowcontrolv1.FlowSchema) bool { return apiequality.Semantic.DeepEqual(a.Spec, b.Spec) },
	}
}

func priorityLevels(c flowcontrolclient.PriorityLevelConfigurationInterface) kind[*flowcontrolv1.PriorityLevelConfiguration, *flowcontrolv1.PriorityLevelConfigurationList] {
	return kind[*flowcontrolv1.PriorityLevelConfiguration, *flowcontrolv1.PriorityLevelConfigurationList]{
		client: c,
		items: func(l *flowcontrolv1.PriorityLevelConfigurationList) []*flowcontrolv1.PriorityLevelConfiguration {
			return pointers(l.Items)
		},
		desired: desiredPriorityLevel,
		sameSpec: func(a, b *flowcontrolv1.PriorityLevelConfiguration) bool {
			return apiequality.Semantic.DeepEqual(a.Spec, b.Spec)
		},
	}
}

func pointers[E any](items []E) []*E {
	out := make([]*E, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}

// fieldManager is the manager upstream's ensurer writes as.
const fieldManager = "api-priority-and-fairness-config-producer-v1"

func desiredFlowSchema(stored, bootstrap *flowcontrolv1.FlowSchema) *flowcontrolv1.FlowSchema {
	out := stored.DeepCopy()
	out.Spec = *bootstrap.Spec.DeepCopy()
	flowcontrolv1defaults.SetObjectDefaults_FlowSchema(out)
	return out
}

// desiredPriorityLevel keeps the stored exempt section: operators may tune the shares and lending of
// the exempt level, and the ensurer leaves them be.
func desiredPriorityLevel(stored, bootstrap *flowcontrolv1.PriorityLevelConfiguration) *flowcontrolv1.PriorityLevelConfiguration {
	out := stored.DeepCopy()
	out.Spec = *bootstrap.Spec.DeepCopy()
	if out.Spec.Type == flowcontrolv1.PriorityLevelEnablementExempt && stored.Spec.Exempt != nil {
		out.Spec.Exempt = stored.Spec.Exempt.DeepCopy()
	}
	flowcontrolv1defaults.SetObjectDefaults_PriorityLevelConfiguration(out)
	return out
}
