package validation

import (
	"fmt"
	"reflect"
	"time"

	corev1 "k8s.io/api/core/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Length limits of event fields set by reporters of the events.k8s.io API, as upstream.
const (
	eventReportingInstanceLengthLimit = 128
	eventActionLengthLimit            = 128
	eventReasonLengthLimit            = 128
	eventNoteLengthLimit              = 1024
)

// legacyEventVersions are the API versions whose event writes only get the lenient checks, for the
// sake of the many old clients that write events through them.
var legacyEventVersions = map[schema.GroupVersion]bool{
	corev1.SchemeGroupVersion:                    true,
	{Group: "events.k8s.io", Version: "v1beta1"}: true,
}

// ValidateEventCreate checks a new event written through requestVersion: core/v1 gets upstream's
// lenient legacy checks, events.k8s.io/v1 also the strict ones of the newer API.
func ValidateEventCreate(event *corev1.Event, requestVersion schema.GroupVersion) field.ErrorList {
	allErrs := legacyValidateEvent(event, requestVersion)
	if legacyEventVersions[requestVersion] {
		return allErrs
	}
	allErrs = append(allErrs, validateObjectMeta(&event.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))...)
	allErrs = append(allErrs, validateEventSeries(event)...)
	if event.EventTime.IsZero() {
		allErrs = append(allErrs, field.Required(field.NewPath("eventTime"), ""))
	}
	if event.Type != corev1.EventTypeNormal && event.Type != corev1.EventTypeWarning {
		allErrs = append(allErrs, field.Invalid(field.NewPath("type"), "", fmt.Sprintf("has invalid value: %v", event.Type)))
	}
	if !event.FirstTimestamp.IsZero() {
		allErrs = append(allErrs, field.Invalid(field.NewPath("firstTimestamp"), "", "needs to be unset"))
	}
	if !event.LastTimestamp.IsZero() {
		allErrs = append(allErrs, field.Invalid(field.NewPath("lastTimestamp"), "", "needs to be unset"))
	}
	if event.Count != 0 {
		allErrs = append(allErrs, field.Invalid(field.NewPath("count"), "", "needs to be unset"))
	}
	if event.Source.Component != "" || event.Source.Host != "" {
		allErrs = append(allErrs, field.Invalid(field.NewPath("source"), "", "needs to be unset"))
	}
	return allErrs
}

// ValidateEventUpdate checks an update of an event written through requestVersion. Through
// events.k8s.io/v1 only the series and metadata may change.
func ValidateEventUpdate(newEvent, oldEvent *corev1.Event, requestVersion schema.GroupVersion) field.ErrorList {
	allErrs := legacyValidateEvent(newEvent, requestVersion)
	if legacyEventVersions[requestVersion] {
		return allErrs
	}
	allErrs = append(allErrs, validateObjectMetaUpdate(&newEvent.ObjectMeta, &oldEvent.ObjectMeta, field.NewPath("metadata"))...)
	if !reflect.DeepEqual(newEvent.Series, oldEvent.Series) {
		allErrs = append(allErrs, validateEventSeries(newEvent)...)
	}
	immutable := []struct {
		name     string
		new, old interface{}
	}{
		{"involvedObject", newEvent.InvolvedObject, oldEvent.InvolvedObject},
		{"reason", newEvent.Reason, oldEvent.Reason},
		{"message", newEvent.Message, oldEvent.Message},
		{"source", newEvent.Source, oldEvent.Source},
		{"firstTimestamp", newEvent.FirstTimestamp, oldEvent.FirstTimestamp},
		{"lastTimestamp", newEvent.LastTimestamp, oldEvent.LastTimestamp},
		{"count", newEvent.Count, oldEvent.Count},
		{"reason", newEvent.Reason, oldEvent.Reason},
		{"type", newEvent.Type, oldEvent.Type},
	}
	for _, f := range immutable {
		allErrs = append(allErrs, validateImmutableField(f.new, f.old, field.NewPath(f.name))...)
	}
	// Clients that truncate to microseconds when serializing must be able to write the event back.
	if !newEvent.EventTime.Truncate(time.Microsecond).UTC().Equal(oldEvent.EventTime.Truncate(time.Microsecond).UTC()) {
		allErrs = append(allErrs, validateImmutableField(newEvent.EventTime, oldEvent.EventTime, field.NewPath("eventTime"))...)
	}
	for _, f := range []struct {
		name     string
		new, old interface{}
	}{
		{"action", newEvent.Action, oldEvent.Action},
		{"related", newEvent.Related, oldEvent.Related},
		{"reportingController", newEvent.ReportingController, oldEvent.ReportingController},
		{"reportingInstance", newEvent.ReportingInstance, oldEvent.ReportingInstance},
	} {
		allErrs = append(allErrs, validateImmutableField(f.new, f.old, field.NewPath(f.name))...)
	}
	return allErrs
}

func validateEventSeries(event *corev1.Event) field.ErrorList {
	if event.Series == nil {
		return nil
	}
	var allErrs field.ErrorList
	if event.Series.Count < 2 {
		allErrs = append(allErrs, field.Invalid(field.NewPath("series.count"), "", "should be at least 2"))
	}
	if event.Series.LastObservedTime.IsZero() {
		allErrs = append(allErrs, field.Required(field.NewPath("series.lastObservedTime"), ""))
	}
	return allErrs
}

// legacyValidateEvent is what every event write must pass. Events without eventTime come from old
// reporters and only need a consistent namespace; those with it must name their reporter.
func legacyValidateEvent(event *corev1.Event, requestVersion schema.GroupVersion) field.ErrorList {
	var allErrs field.ErrorList
	involvedNamespace := field.NewPath("involvedObject", "namespace")
	// The field is reportingComponent in core/v1 and reportingController in events.k8s.io.
	reportingController := "reportingController"
	if requestVersion == corev1.SchemeGroupVersion {
		reportingController = "reportingComponent"
	}

	if event.EventTime.IsZero() {
		if event.InvolvedObject.Namespace == "" {
			// Old clients report cluster-scoped objects in "default".
			if event.Namespace != metav1.NamespaceNone && event.Namespace != metav1.NamespaceDefault {
				allErrs = append(allErrs, field.Invalid(involvedNamespace, event.InvolvedObject.Namespace, "does not match event.namespace"))
			}
		} else if event.Namespace != event.InvolvedObject.Namespace {
			allErrs = append(allErrs, field.Invalid(involvedNamespace, event.InvolvedObject.Namespace, "does not match event.namespace"))
		}
	} else {
		if event.InvolvedObject.Namespace == "" && event.Namespace != metav1.NamespaceDefault && event.Namespace != metav1.NamespaceSystem {
			allErrs = append(allErrs, field.Invalid(involvedNamespace, event.InvolvedObject.Namespace, "does not match event.namespace"))
		}
		if event.ReportingController == "" {
			allErrs = append(allErrs, field.Required(field.NewPath(reportingController), ""))
		}
		allErrs = append(allErrs, validateQualifiedName(event.ReportingController, field.NewPath(reportingController))...)
		if event.ReportingInstance == "" {
			allErrs = append(allErrs, field.Required(field.NewPath("reportingInstance"), ""))
		}
		allErrs = append(allErrs, eventLengthLimit(event.ReportingInstance, eventReportingInstanceLengthLimit, "reportingInstance")...)
		if event.Action == "" {
			allErrs = append(allErrs, field.Required(field.NewPath("action"), ""))
		}
		allErrs = append(allErrs, eventLengthLimit(event.Action, eventActionLengthLimit, "action")...)
		if event.Reason == "" {
			allErrs = append(allErrs, field.Required(field.NewPath("reason"), ""))
		}
		allErrs = append(allErrs, eventLengthLimit(event.Reason, eventReasonLengthLimit, "reason")...)
		allErrs = append(allErrs, eventLengthLimit(event.Message, eventNoteLengthLimit, "message")...)
	}
	return append(allErrs, validateDNS1123Subdomain(event.Namespace, field.NewPath("namespace"))...)
}

func eventLengthLimit(value string, limit int, name string) field.ErrorList {
	if len(value) > limit {
		return field.ErrorList{field.Invalid(field.NewPath(name), "", fmt.Sprintf("can have at most %v characters", limit))}
	}
	return nil
}
