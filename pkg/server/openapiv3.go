package server

import (
	"strings"

	restful "github.com/emicklei/go-restful/v3"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/kube-openapi/pkg/cached"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/handler3"
	"k8s.io/kube-openapi/pkg/spec3"
)

// installOpenAPIV3 serves /openapi/v3 of kapi's server, whose generic PrepareRun is told to skip its
// OpenAPI, with the documents PrepareRun would serve, one per web service of its go-restful container. Call it once
// the API groups are installed. PrepareRun would build the documents one after the other before it
// returns; here they are built in the background, while the aggregator is built and prepares, and
// the index, which the aggregator asks for while it prepares and which hashes every document, waits
// for them. They are built one at a time, and all before any is marshalled, because kube-openapi's
// builder writes to the definitions that the documents share.
func installOpenAPIV3(server *genericapiserver.GenericAPIServer, config *common.OpenAPIV3Config) error {
	container := server.Handler.GoRestfulContainer
	type build struct {
		service  *restful.WebService
		name     string
		document *spec3.OpenAPI
		err      error
	}
	var builds []*build
	built := make(chan struct{})
	documents := handler3.NewOpenAPIService()
	for _, service := range container.RegisteredWebServices() {
		b := &build{service: service, name: strings.TrimPrefix(service.RootPath(), "/")}
		builds = append(builds, b)
		documents.UpdateGroupVersionLazy(b.name, cached.Func(func() (*spec3.OpenAPI, string, error) {
			<-built
			return b.document, openAPIBuiltETag, b.err
		}))
	}
	if err := documents.RegisterOpenAPIV3VersionedService("/openapi/v3", server.Handler.NonGoRestfulMux); err != nil {
		return err
	}
	go func() {
		defer close(built)
		for _, b := range builds {
			b.document, b.err = buildOpenAPIV3(b.service, b.name, config)
		}
	}()
	return nil
}
