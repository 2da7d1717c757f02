package e2e

import (
	"context"
	"net"
	"sort"
	"strings"
	"sync"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	"k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/component-base/compatibility"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"

	generatedopenapi "github.com/kapi-dev/kapi/pkg/generated/openapi"
)

// widgetsGroup is the group the extension API server of these tests serves.
var widgetsGroup = schema.GroupVersion{Group: "widgets.kapi.test", Version: "v1"}

// Widget is the one resource of the extension API server: a namespaced object whose spec records
// who created it, as the server saw the user in the aggregator's request headers.
type Widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              WidgetSpec `json:"spec"`
}

// WidgetSpec is a widget's size and its creator's name and groups.
type WidgetSpec struct {
	Size           string   `json:"size,omitempty"`
	CreatedBy      string   `json:"createdBy,omitempty"`
	CreatorsGroups []string `json:"creatorsGroups,omitempty"`
}

// WidgetList is a list of widgets.
type WidgetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Widget `json:"items"`
}

// DeepCopyObject copies a widget.
func (w *Widget) DeepCopyObject() runtime.Object {
	c := *w
	w.ObjectMeta.DeepCopyInto(&c.ObjectMeta)
	c.Spec.CreatorsGroups = append([]string(nil), w.Spec.CreatorsGroups...)
	return &c
}

// DeepCopyObject copies a widget list.
func (l *WidgetList) DeepCopyObject() runtime.Object {
	c := WidgetList{TypeMeta: l.TypeMeta}
	l.ListMeta.DeepCopyInto(&c.ListMeta)
	for i := range l.Items {
		c.Items = append(c.Items, *l.Items[i].DeepCopyObject().(*Widget))
	}
	return &c
}

// OpenAPIModelName names the widget's OpenAPI definition as generated code names Kubernetes types.
func (Widget) OpenAPIModelName() string { return "test.kapi.widgets.v1.Widget" }

// OpenAPIModelName names the spec's OpenAPI definition.
func (WidgetSpec) OpenAPIModelName() string { return "test.kapi.widgets.v1.WidgetSpec" }

// OpenAPIModelName names the list's OpenAPI definition.
func (WidgetList) OpenAPIModelName() string { return "test.kapi.widgets.v1.WidgetList" }

// widgetDefinitions are the OpenAPI definitions of the widget types, on top of kapi's, which hold
// those of metadata and the like; kubectl explain reads them.
func widgetDefinitions(ref common.ReferenceCallback) map[string]common.OpenAPIDefinition {
	defs := generatedopenapi.GetOpenAPIDefinitions(ref)
	widget, specName, list := Widget{}.OpenAPIModelName(), WidgetSpec{}.OpenAPIModelName(), WidgetList{}.OpenAPIModelName()
	str := func(description string) spec.Schema {
		return spec.Schema{SchemaProps: spec.SchemaProps{Type: []string{"string"}, Description: description}}
	}
	arrayOf := func(items spec.Schema, description string) spec.Schema {
		return spec.Schema{SchemaProps: spec.SchemaProps{Type: []string{"array"}, Description: description, Items: &spec.SchemaOrArray{Schema: &items}}}
	}
	refTo := func(name, description string) spec.Schema {
		return spec.Schema{SchemaProps: spec.SchemaProps{Ref: ref(name), Description: description}}
	}
	// object is a definition of an object with apiVersion and kind, and the given fields.
	object := func(description string, fields map[string]spec.Schema, dependencies ...string) common.OpenAPIDefinition {
		fields["apiVersion"] = str("APIVersion defines the versioned schema of this representation of an object.")
		fields["kind"] = str("Kind is a string value representing the REST resource this object represents.")
		return common.OpenAPIDefinition{
			Schema:       spec.Schema{SchemaProps: spec.SchemaProps{Description: description, Type: []string{"object"}, Properties: fields}},
			Dependencies: dependencies,
		}
	}
	objectMeta, listMeta := metav1.ObjectMeta{}.OpenAPIModelName(), metav1.ListMeta{}.OpenAPIModelName()
	defs[widget] = object("Widget is a test resource served by an extension API server.", map[string]spec.Schema{
		"metadata": refTo(objectMeta, "Standard object's metadata."),
		"spec":     refTo(specName, "Spec is the widget's size and creator."),
	}, objectMeta, specName)
	defs[list] = object("WidgetList is a list of widgets.", map[string]spec.Schema{
		"metadata": refTo(listMeta, "Standard list metadata."),
		"items":    arrayOf(refTo(widget, ""), "Items are the widgets."),
	}, listMeta, widget)
	defs[specName] = common.OpenAPIDefinition{
		Schema: spec.Schema{SchemaProps: spec.SchemaProps{
			Description: "WidgetSpec is a widget's size and who created it.",
			Type:        []string{"object"},
			Properties: map[string]spec.Schema{
				"size":           str("Size is how big the widget is."),
				"createdBy":      str("CreatedBy is the user who created the widget."),
				"creatorsGroups": arrayOf(str(""), "CreatorsGroups are the groups of that user."),
			},
		}},
	}
	return defs
}

// widgetStorage keeps widgets in memory.
type widgetStorage struct {
	rest.TableConvertor
	mu    sync.Mutex
	items map[string]*Widget
}

var (
	_ rest.Getter  = &widgetStorage{}
	_ rest.Lister  = &widgetStorage{}
	_ rest.Creater = &widgetStorage{}
	_ rest.Scoper  = &widgetStorage{}
)

func (s *widgetStorage) New() runtime.Object     { return &Widget{} }
func (s *widgetStorage) NewList() runtime.Object { return &WidgetList{} }
func (s *widgetStorage) Destroy()                {}
func (s *widgetStorage) NamespaceScoped() bool   { return true }
func (s *widgetStorage) GetSingularName() string { return "widget" }

func (s *widgetStorage) Get(ctx context.Context, name string, _ *metav1.GetOptions) (runtime.Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ns, _ := request.NamespaceFrom(ctx)
	w, ok := s.items[ns+"/"+name]
	if !ok {
		return nil, apierrors.NewNotFound(widgetsGroup.WithResource("widgets").GroupResource(), name)
	}
	return w.DeepCopyObject(), nil
}

func (s *widgetStorage) List(ctx context.Context, _ *metainternalversion.ListOptions) (runtime.Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ns, _ := request.NamespaceFrom(ctx)
	list := &WidgetList{}
	keys := make([]string, 0, len(s.items))
	for k := range s.items {
		if ns == "" || strings.HasPrefix(k, ns+"/") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		list.Items = append(list.Items, *s.items[k].DeepCopyObject().(*Widget))
	}
	return list, nil
}

// Create stores a widget, recording the user the request came from.
func (s *widgetStorage) Create(ctx context.Context, obj runtime.Object, _ rest.ValidateObjectFunc, _ *metav1.CreateOptions) (runtime.Object, error) {
	w := obj.(*Widget).DeepCopyObject().(*Widget)
	ns, _ := request.NamespaceFrom(ctx)
	w.Namespace = ns
	w.CreationTimestamp = metav1.Now()
	w.UID = types.UID("widget-" + w.Name)
	if u, ok := request.UserFrom(ctx); ok {
		w.Spec.CreatedBy, w.Spec.CreatorsGroups = u.GetName(), u.GetGroups()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[ns+"/"+w.Name] = w
	return w.DeepCopyObject(), nil
}

// extensionAPIServer is an extension API server built with k8s.io/apiserver on 127.0.0.1: it trusts
// kapi's front proxy as the extension-apiserver-authentication ConfigMap says, and serves widgets.
type extensionAPIServer struct {
	port     int
	caBundle []byte
	cancel   context.CancelFunc
	stopped  chan struct{}
}

// startExtensionAPIServer starts the server, authenticating through kapi's kubeconfig.
func startExtensionAPIServer(t *testing.T, kubeconfig string) *extensionAPIServer {
	t.Helper()
	scheme := runtime.NewScheme()
	scheme.AddKnownTypes(widgetsGroup, &Widget{}, &WidgetList{})
	scheme.AddKnownTypes(schema.GroupVersion{Group: widgetsGroup.Group, Version: runtime.APIVersionInternal}, &Widget{}, &WidgetList{})
	metav1.AddToGroupVersion(scheme, widgetsGroup)
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	scheme.AddUnversionedTypes(schema.GroupVersion{Version: "v1"}, &metav1.Status{}, &metav1.APIVersions{}, &metav1.APIGroupList{}, &metav1.APIGroup{}, &metav1.APIResourceList{})
	codecs := serializer.NewCodecFactory(scheme)

	serving := genericoptions.NewSecureServingOptions().WithLoopback()
	serving.BindAddress = net.ParseIP("127.0.0.1")
	serving.BindPort = 0
	// Generated in memory rather than under the working directory.
	serving.ServerCert.CertDirectory = ""
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	serving.Listener = listener
	// The aggregator checks the certificate against the Service's name.
	if err := serving.MaybeDefaultWithSelfSignedCerts("localhost", []string{"widgets.widgets-system.svc"}, []net.IP{net.ParseIP("127.0.0.1")}); err != nil {
		t.Fatal(err)
	}
	authn := genericoptions.NewDelegatingAuthenticationOptions()
	authn.RemoteKubeConfigFile = kubeconfig

	config := genericapiserver.NewRecommendedConfig(codecs)
	if err := serving.ApplyTo(&config.SecureServing, &config.LoopbackClientConfig); err != nil {
		t.Fatal(err)
	}
	namer := openapinamer.NewDefinitionNamer(scheme)
	config.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(widgetDefinitions, namer)
	config.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(widgetDefinitions, namer)
	if err := authn.ApplyTo(&config.Authentication, config.SecureServing, config.OpenAPIConfig); err != nil {
		t.Fatal(err)
	}
	config.Authorization.Authorizer = authorizerfactory.NewAlwaysAllowAuthorizer()
	config.EffectiveVersion = compatibility.NewEffectiveVersionFromString("1.37.2", "", "")
	config.ExternalAddress = "127.0.0.1"
	server, err := config.Complete().New("widgets", genericapiserver.NewEmptyDelegate())
	if err != nil {
		t.Fatal(err)
	}
	group := genericapiserver.NewDefaultAPIGroupInfo(widgetsGroup.Group, scheme, metav1.ParameterCodec, codecs)
	group.VersionedResourcesStorageMap[widgetsGroup.Version] = map[string]rest.Storage{
		"widgets": &widgetStorage{TableConvertor: rest.NewDefaultTableConvertor(widgetsGroup.WithResource("widgets").GroupResource()), items: map[string]*Widget{}},
	}
	if err := server.InstallAPIGroup(&group); err != nil {
		t.Fatal(err)
	}
	// The self-signed certificate is its own CA.
	ca, _ := serving.ServerCert.GeneratedCert.CurrentCertKeyContent()
	ctx, cancel := context.WithCancel(context.Background())
	e := &extensionAPIServer{port: listener.Addr().(*net.TCPAddr).Port, caBundle: ca, cancel: cancel, stopped: make(chan struct{})}
	go func() {
		defer close(e.stopped)
		if err := server.PrepareRun().RunWithContext(ctx); err != nil {
			t.Errorf("extension API server: %v", err)
		}
	}()
	t.Cleanup(e.stop)
	return e
}

// stop shuts the server down and waits until it has.
func (e *extensionAPIServer) stop() {
	e.cancel()
	<-e.stopped
}
