package event

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	{Name: "Last Seen", Type: "string", Description: corev1.Event{}.SwaggerDoc()["lastTimestamp"]},
	{Name: "Type", Type: "string", Description: corev1.Event{}.SwaggerDoc()["type"]},
	{Name: "Reason", Type: "string", Description: corev1.Event{}.SwaggerDoc()["reason"]},
	{Name: "Object", Type: "string", Description: corev1.Event{}.SwaggerDoc()["involvedObject"]},
	{Name: "Subobject", Type: "string", Priority: 1, Description: corev1.Event{}.InvolvedObject.SwaggerDoc()["fieldPath"]},
	{Name: "Source", Type: "string", Priority: 1, Description: corev1.Event{}.SwaggerDoc()["source"]},
	{Name: "Message", Type: "string", Description: corev1.Event{}.SwaggerDoc()["message"]},
	{Name: "First Seen", Type: "string", Priority: 1, Description: corev1.Event{}.SwaggerDoc()["firstTimestamp"]},
	{Name: "Count", Type: "string", Priority: 1, Description: corev1.Event{}.SwaggerDoc()["count"]},
	{Name: "Name", Type: "string", Priority: 1, Format: "name", Description: metav1.ObjectMeta{}.SwaggerDoc()["name"]},
}

// NewTableConvertor returns the `kubectl get events` table: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE
// and, for -o wide, SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME. Events of the events.k8s.io API,
// which set eventTime and series instead of the timestamps and count, print the same way.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, printEvent)
}

func printEvent(e *corev1.Event) (metav1.TableRow, error) {
	firstSeen := tables.Since(e.FirstTimestamp)
	if e.FirstTimestamp.IsZero() {
		firstSeen = sinceMicro(e.EventTime)
	}
	lastSeen := tables.Since(e.LastTimestamp)
	if e.LastTimestamp.IsZero() {
		lastSeen = firstSeen
	}
	count := e.Count
	if e.Series != nil {
		lastSeen = sinceMicro(e.Series.LastObservedTime)
		count = e.Series.Count
	} else if count == 0 {
		// A single occurrence reported through events.k8s.io has no count.
		count = 1
	}
	object := strings.ToLower(e.InvolvedObject.Kind)
	if e.InvolvedObject.Name != "" {
		object += "/" + e.InvolvedObject.Name
	}
	return metav1.TableRow{Cells: []interface{}{
		lastSeen,
		e.Type,
		e.Reason,
		object,
		e.InvolvedObject.FieldPath,
		source(e),
		strings.TrimSpace(e.Message),
		firstSeen,
		int64(count),
		e.Name,
	}}, nil
}

func sinceMicro(t metav1.MicroTime) string {
	if t.IsZero() {
		return tables.Since(metav1.Time{})
	}
	return tables.Since(metav1.NewTime(t.Time))
}

// source renders "component, host", falling back to the reporting controller and instance.
func source(e *corev1.Event) string {
	component, instance := e.Source.Component, e.Source.Host
	if component == "" {
		component = e.ReportingController
	}
	if instance == "" {
		instance = e.ReportingInstance
	}
	if instance == "" {
		return component
	}
	return component + ", " + instance
}
