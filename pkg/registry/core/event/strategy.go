// Package event implements the strategy, field selectors and table columns of events, which
// kube-apiserver serves from one store as core/v1 events and as events.k8s.io/v1 events.
package event

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of events, whichever API they are written
// through.
var Strategy = strategy{basestrategy.Namespaced}

// PrepareForCreate does nothing: every field of an event is its reporter's.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate does nothing: every field of an event is its reporter's.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new event by the rules of the API version it was written through.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateEventCreate(obj.(*corev1.Event), requestGroupVersion(ctx))
}

// AllowCreateOnUpdate is true: reporters PUT events whether or not they exist yet.
func (strategy) AllowCreateOnUpdate(ctx context.Context) bool { return true }

// ValidateUpdate checks an update by the rules of the API version it was written through.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateEventUpdate(obj.(*corev1.Event), old.(*corev1.Event), requestGroupVersion(ctx))
}

// requestGroupVersion is the API version a request came through; core/v1 when there is no request.
func requestGroupVersion(ctx context.Context) schema.GroupVersion {
	if info, ok := genericapirequest.RequestInfoFrom(ctx); ok {
		return schema.GroupVersion{Group: info.APIGroup, Version: info.APIVersion}
	}
	return corev1.SchemeGroupVersion
}

// GetAttrs returns the labels and the selectable fields of an event.
var GetAttrs = basestrategy.Attrs("an event", SelectableFields)

// SelectableFields returns the fields a field selector may match on an event. "source" is the
// reporting controller for events that name no source component.
func SelectableFields(event *corev1.Event) fields.Set {
	source := event.Source.Component
	if source == "" {
		source = event.ReportingController
	}
	return generic.AddObjectMetaFieldsSet(fields.Set{
		"involvedObject.kind":            event.InvolvedObject.Kind,
		"involvedObject.namespace":       event.InvolvedObject.Namespace,
		"involvedObject.name":            event.InvolvedObject.Name,
		"involvedObject.uid":             string(event.InvolvedObject.UID),
		"involvedObject.apiVersion":      event.InvolvedObject.APIVersion,
		"involvedObject.resourceVersion": event.InvolvedObject.ResourceVersion,
		"involvedObject.fieldPath":       event.InvolvedObject.FieldPath,
		"reason":                         event.Reason,
		"reportingComponent":             event.ReportingController,
		"source":                         source,
		"type":                           event.Type,
	}, &event.ObjectMeta, true)
}
